package io.loomuring.backend.jdk;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Map;

import io.loomuring.UringServerSocket;
import io.loomuring.UringSocket;

/** {@link UringServerSocket} on the JDK: {@link ServerSocket}, or a channel for Unix domain sockets. */
final class JdkServerSocket extends UringServerSocket {
    private final ServerSocket server;          // TCP, or null
    private final ServerSocketChannel channel;  // Unix domain, or null

    private JdkServerSocket(ServerSocket server, ServerSocketChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static JdkServerSocket bind(SocketAddress local, int backlog, Map<SocketOption<?>, ?> options) throws IOException {
        if (local instanceof UnixDomainSocketAddress) {
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(local, backlog);
            return new JdkServerSocket(null, ch);
        }
        ServerSocket s = new ServerSocket();
        try {
            for (Map.Entry<SocketOption<?>, ?> e : options.entrySet()) {
                s.setOption((SocketOption) e.getKey(), e.getValue());
            }
            s.bind(local, backlog < 1 ? 50 : backlog);
            return new JdkServerSocket(s, null);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public UringSocket accept(Duration timeout) throws IOException {
        if (channel != null) {
            if (!timeout.isZero()) {
                throw new UnsupportedOperationException("accept timeouts on Unix domain sockets need the io_uring backend");
            }
            return new JdkSocket(channel.accept());
        }
        synchronized (server) {
            server.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        }
        try {
            return new JdkSocket(server.accept());
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("Accept timed out");
        }
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        if (!isOpen()) {
            throw new SocketException("Socket closed");
        }
        return server != null ? server.getLocalSocketAddress() : channel.getLocalAddress();
    }

    @Override
    public <T> UringServerSocket setOption(SocketOption<T> name, T value) throws IOException {
        if (server != null) {
            server.setOption(name, value);
        } else {
            channel.setOption(name, value);
        }
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return server != null ? server.getOption(name) : channel.getOption(name);
    }

    @Override
    public boolean isOpen() {
        return server != null ? !server.isClosed() : channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        } else {
            channel.close();
        }
    }
}

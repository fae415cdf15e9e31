package io.loomuring.backend.jdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;

import io.loomuring.UringSocket;
import io.loomuring.backend.SockOpts;

/**
 * {@link UringSocket} on the JDK: {@link Socket} for TCP, a blocking {@link SocketChannel} for Unix
 * domain sockets (which {@code Socket} cannot carry). The fallback backend.
 */
final class JdkSocket extends UringSocket {
    /** Most bytes one read into a non-array buffer takes in. */
    private static final int HEAP_READ_MAX = 64 * 1024;
    private final Socket socket;          // TCP, or null
    private final SocketChannel channel;  // Unix domain, or null
    private volatile InputStream in;       // set once connected
    private volatile OutputStream out;     // set once connected

    JdkSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.channel = null;
        if (socket.isConnected()) {
            streams();
        }
    }

    JdkSocket(SocketChannel channel) throws IOException {
        this.socket = null;
        this.channel = channel;
        if (channel.isConnected()) {
            streams();
        }
    }

    private void streams() throws IOException {
        if (socket != null) {
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } else {
            in = Channels.newInputStream(channel);
            out = Channels.newOutputStream(channel);
        }
    }

    /** An unconnected socket; see {@link UringSocket#open}. */
    static JdkSocket openUnconnected(java.net.ProtocolFamily family) throws IOException {
        if (family == java.net.StandardProtocolFamily.UNIX) {
            return new JdkSocket(SocketChannel.open(family));
        }
        if (family != null && family != java.net.StandardProtocolFamily.INET
                && family != java.net.StandardProtocolFamily.INET6) {
            throw new UnsupportedOperationException("Protocol family not supported");
        }
        return new JdkSocket(new Socket());
    }

    @Override
    public UringSocket bind(SocketAddress local) throws IOException {
        if (socket != null) {
            socket.bind(local);
        } else {
            channel.bind(local);
        }
        return this;
    }

    @Override
    public void connectTo(SocketAddress remote, Duration timeout) throws IOException {
        if (socket != null) {
            try {
                socket.connect(remote, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("Connect timed out");
            }
        } else {
            channel.connect(remote);
        }
        streams();
    }

    @Override
    public boolean isConnected() {
        return socket != null ? socket.isConnected() : channel.isConnected();
    }

    private InputStream in() throws SocketException {
        InputStream i = in;
        if (i == null) {
            checkOpen();
            throw new SocketException("Socket is not connected");
        }
        return i;
    }

    private OutputStream out() throws SocketException {
        OutputStream o = out;
        if (o == null) {
            checkOpen();
            throw new SocketException("Socket is not connected");
        }
        return o;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static JdkSocket connectTo(SocketAddress remote, Duration timeout, SocketAddress local,
                               Map<SocketOption<?>, ?> options) throws IOException {
        if (remote instanceof UnixDomainSocketAddress) {
            SocketChannel ch = SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
            try {
                for (Map.Entry<SocketOption<?>, ?> e : options.entrySet()) {
                    ch.setOption((SocketOption) e.getKey(), e.getValue());
                }
                if (local != null) {
                    ch.bind(local);
                }
                ch.connect(remote);
                return new JdkSocket(ch);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }
        Socket s = new Socket();
        try {
            for (Map.Entry<SocketOption<?>, ?> e : options.entrySet()) {
                s.setOption((SocketOption) e.getKey(), e.getValue());
            }
            if (local != null) {
                s.bind(local);
            }
            s.connect(remote, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return new JdkSocket(s);
        } catch (SocketTimeoutException e) {
            s.close();
            throw new SocketTimeoutException("Connect timed out");
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        int n;
        if (dst.hasArray()) {
            n = in().read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
        } else {
            byte[] tmp = new byte[Math.min(dst.remaining(), HEAP_READ_MAX)];
            n = in().read(tmp, 0, tmp.length);
            if (n > 0) {
                dst.put(tmp, 0, n);
            }
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (src.hasArray()) {
            out().write(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.limit());
        } else {
            byte[] tmp = new byte[n];
            src.get(tmp);
            out().write(tmp);
        }
        return n;
    }

    /** Each buffer written whole, in order: a blocking stream write returns only when all of it is sent. */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, srcs.length);
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += write(srcs[i]);
        }
        return n;
    }

    /** One read of up to the buffers' room (at most 64 KiB), spread over them in order. */
    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, dsts.length);
        long room = 0;
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer");
            }
            room += dsts[i].remaining();
        }
        if (room == 0) {
            return 0;
        }
        byte[] tmp = new byte[(int) Math.min(room, HEAP_READ_MAX)];
        int n = in().read(tmp, 0, tmp.length);
        for (int i = offset, done = 0; i < offset + length && done < n; i++) {
            int k = Math.min(n - done, dsts[i].remaining());
            dsts[i].put(tmp, done, k);
            done += k;
        }
        return n;
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        if (socket == null) {
            throw new java.net.SocketException("Urgent data not supported on Unix domain sockets");
        }
        socket.sendUrgentData(data);
    }

    @Override
    public int available() throws IOException {
        checkOpen();
        return socket != null ? in().available() : 0;
    }

    @Override
    public void shutdownInput() throws IOException {
        if (socket != null) {
            socket.shutdownInput();
        } else {
            channel.shutdownInput();
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (socket != null) {
            socket.shutdownOutput();
        } else {
            channel.shutdownOutput();
        }
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        checkOpen();
        return socket != null ? socket.getLocalSocketAddress() : channel.getLocalAddress();
    }

    @Override
    public SocketAddress remoteAddress() throws IOException {
        checkOpen();
        return socket != null ? socket.getRemoteSocketAddress() : channel.getRemoteAddress();
    }

    private void checkOpen() throws SocketException {
        if (!isOpen()) {
            throw new SocketException("Socket closed");
        }
    }

    @Override
    public <T> UringSocket setOption(SocketOption<T> name, T value) throws IOException {
        if (socket != null && SockOpts.isOobInline(name)) {
            socket.setOOBInline((Boolean) value);
        } else if (socket != null) {
            socket.setOption(name, value);
        } else {
            channel.setOption(name, value);
        }
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(SocketOption<T> name) throws IOException {
        if (socket != null && SockOpts.isOobInline(name)) {
            return (T) Boolean.valueOf(socket.getOOBInline());
        }
        return socket != null ? socket.getOption(name) : channel.getOption(name);
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        if (socket == null) {
            throw new UnsupportedOperationException("read timeouts on Unix domain sockets need the io_uring backend");
        }
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Duration readTimeout() {
        try {
            return socket == null ? Duration.ZERO : Duration.ofMillis(socket.getSoTimeout());
        } catch (SocketException e) {
            return Duration.ZERO;
        }
    }

    @Override
    public boolean isOpen() {
        return socket != null ? !socket.isClosed() : channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        } else {
            channel.close();
        }
    }
}

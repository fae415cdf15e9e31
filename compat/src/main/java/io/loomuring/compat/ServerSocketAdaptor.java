package io.loomuring.compat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Set;

/**
 * {@link UringServerSocketChannel#socket()}: a {@link ServerSocket} whose every method is the
 * channel's, with {@code java.net}'s exceptions and {@code SO_TIMEOUT} bounding {@link #accept()}.
 */
final class ServerSocketAdaptor extends ServerSocket {
    private final UringServerSocketChannel ch;
    private volatile Duration timeout = Duration.ZERO;

    private ServerSocketAdaptor(UringServerSocketChannel ch) throws IOException {
        super(new NoSocketImpl());
        this.ch = ch;
    }

    static ServerSocket of(UringServerSocketChannel ch) {
        try {
            return new ServerSocketAdaptor(ch);
        } catch (IOException e) {
            throw new AssertionError(e); // the constructor does no I/O
        }
    }

    @Override
    public ServerSocketChannel getChannel() {
        return ch;
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        bind(local, 50);
    }

    @Override
    public void bind(SocketAddress local, int backlog) throws IOException {
        try {
            ch.bind(local, backlog);
        } catch (ClosedChannelException e) {
            throw AdaptorSupport.closed();
        } catch (java.nio.channels.AlreadyBoundException e) {
            throw new SocketException("Already bound");
        }
    }

    @Override
    public Socket accept() throws IOException {
        if (!ch.isOpen()) {
            throw new java.nio.channels.AsynchronousCloseException(); // what the JDK's adaptor throws
        }
        try { // the channel's exceptions pass through, as from the JDK's adaptor
            return ch.accept(timeout).socket();
        } catch (NotYetBoundException e) {
            throw new SocketException("Socket is not bound yet");
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("Accept timed out");
        }
    }

    private SocketAddress local() {
        return AdaptorSupport.quietly(ch, ch::getLocalAddress);
    }

    @Override
    public InetAddress getInetAddress() {
        return local() instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }

    @Override
    public int getLocalPort() {
        return local() instanceof InetSocketAddress isa ? isa.getPort() : -1;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return local();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (!ch.isOpen()) {
            throw AdaptorSupport.closed();
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        this.timeout = Duration.ofMillis(timeout);
    }

    @Override
    public int getSoTimeout() throws IOException {
        if (!ch.isOpen()) {
            throw AdaptorSupport.closed();
        }
        return (int) timeout.toMillis();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        setOpt(StandardSocketOptions.SO_REUSEADDR, on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return getOpt(StandardSocketOptions.SO_REUSEADDR);
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("negative receive size");
        }
        setOpt(StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return getOpt(StandardSocketOptions.SO_RCVBUF);
    }

    private <T> void setOpt(SocketOption<T> name, T value) throws SocketException {
        AdaptorSupport.set(ch, name, value);
    }

    private <T> T getOpt(SocketOption<T> name) throws SocketException {
        return AdaptorSupport.get(ch, name);
    }

    @Override
    public <T> ServerSocket setOption(SocketOption<T> name, T value) throws IOException {
        ch.setOption(name, value); // the channel's exceptions, as the JDK's adaptor
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return ch.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return ch.supportedOptions();
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }

    @Override
    public boolean isBound() {
        return ch.isBound();
    }

    @Override
    public boolean isClosed() {
        return !ch.isOpen();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
    }

    @Override
    public String toString() {
        if (!isBound()) {
            return "ServerSocket[unbound]";
        }
        return "ServerSocket[addr=" + getInetAddress() + ",localport=" + getLocalPort() + "]";
    }
}

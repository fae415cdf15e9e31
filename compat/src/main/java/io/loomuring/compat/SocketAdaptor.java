package io.loomuring.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * {@link UringSocketChannel#socket()}: a {@link Socket} whose every method is the channel's, with
 * {@code java.net}'s exceptions ({@link SocketException} where the channel throws
 * {@link ClosedChannelException}) and {@code SO_TIMEOUT} for reads through its input stream.
 */
final class SocketAdaptor extends Socket {
    private final UringSocketChannel ch;
    private volatile Duration timeout = Duration.ZERO;

    private SocketAdaptor(UringSocketChannel ch) throws SocketException {
        super(new NoSocketImpl());
        this.ch = ch;
    }

    static Socket of(UringSocketChannel ch) {
        try {
            return new SocketAdaptor(ch);
        } catch (SocketException e) {
            throw new AssertionError(e); // the constructor does no I/O
        }
    }

    @Override
    public SocketChannel getChannel() {
        return ch;
    }

    @Override
    public void connect(SocketAddress remote) throws IOException {
        connect(remote, 0);
    }

    @Override
    public void connect(SocketAddress remote, int timeout) throws IOException {
        if (remote == null) {
            throw new IllegalArgumentException("connect: The address can't be null");
        }
        if (remote instanceof InetSocketAddress isa && isa.isUnresolved()) {
            if (!ch.isOpen()) {
                throw AdaptorSupport.closed();
            }
            if (ch.isConnected()) {
                throw new SocketException("Already connected");
            }
            ch.close(); // as the JDK's adaptor: the channel does not survive it
            throw new java.net.UnknownHostException(isa.toString());
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("connect: timeout can't be negative");
        }
        try { // the channel's IOExceptions pass through, as from the JDK's adaptor
            ch.blockingConnect(remote, Duration.ofMillis(timeout));
        } catch (java.nio.channels.AlreadyConnectedException e) {
            throw new SocketException("Already connected");
        } catch (java.nio.channels.UnsupportedAddressTypeException e) {
            throw new SocketException("Unsupported address type");
        }
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        try {
            ch.bind(local);
        } catch (ClosedChannelException e) {
            throw new SocketException("Socket is closed");
        } catch (java.nio.channels.AlreadyBoundException e) {
            throw new SocketException("Already bound");
        }
    }

    @Override
    public InetAddress getInetAddress() {
        SocketAddress r = remote();
        return r instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }

    @Override
    public int getPort() {
        SocketAddress r = remote();
        return r instanceof InetSocketAddress isa ? isa.getPort() : 0;
    }

    private SocketAddress remote() {
        return AdaptorSupport.quietly(ch, ch::getRemoteAddress);
    }

    private SocketAddress local() {
        return AdaptorSupport.quietly(ch, ch::getLocalAddress);
    }

    @Override
    public InetAddress getLocalAddress() {
        if (local() instanceof InetSocketAddress isa) {
            return isa.getAddress();
        }
        return new InetSocketAddress(0).getAddress();
    }

    @Override
    public int getLocalPort() {
        return local() instanceof InetSocketAddress isa ? isa.getPort() : -1;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return remote();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return local();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        checkStream();
        if (ch.isInputShut()) {
            throw new SocketException("Socket input is shutdown");
        }
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                int n = read(b, 0, 1);
                return n < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                try { // the channel's exceptions pass through, as from the JDK's adaptor
                    return ch.blockingRead(ByteBuffer.wrap(b, off, len), timeout);
                } catch (SocketTimeoutException e) {
                    throw new SocketTimeoutException("Read timed out");
                }
            }

            @Override
            public int available() throws IOException {
                return ch.available();
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        checkStream();
        if (ch.isOutputShut()) {
            throw new SocketException("Socket output is shutdown");
        }
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len > 0) {
                    ch.blockingWrite(ByteBuffer.wrap(b, off, len)); // the channel's exceptions pass through
                }
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    private void checkStream() throws SocketException {
        if (!ch.isOpen()) {
            throw AdaptorSupport.closed();
        }
        if (!ch.isConnected()) {
            throw new SocketException("Socket is not connected");
        }
    }

    private <T> void set(SocketOption<T> name, T value) throws SocketException {
        AdaptorSupport.set(ch, name, value);
    }

    private <T> T get(SocketOption<T> name) throws SocketException {
        return AdaptorSupport.get(ch, name);
    }

    @Override public void setTcpNoDelay(boolean on) throws SocketException { set(StandardSocketOptions.TCP_NODELAY, on); }
    @Override public boolean getTcpNoDelay() throws SocketException { return get(StandardSocketOptions.TCP_NODELAY); }
    @Override public void setSoLinger(boolean on, int linger) throws SocketException {
        if (on && linger < 0) {
            throw new IllegalArgumentException("Invalid value for SO_LINGER");
        }
        set(StandardSocketOptions.SO_LINGER, on ? Math.min(linger, 65535) : -1);
    }
    @Override public int getSoLinger() throws SocketException { return get(StandardSocketOptions.SO_LINGER); }
    @Override public void sendUrgentData(int data) throws IOException {
        ch.sendUrgentData(data); // the channel's exceptions pass through, as from the JDK's adaptor
    }
    @Override public void setOOBInline(boolean on) throws SocketException { set(io.loomuring.UringSocket.SO_OOBINLINE, on); }
    @Override public boolean getOOBInline() throws SocketException { return get(io.loomuring.UringSocket.SO_OOBINLINE); }
    @Override public void setSoTimeout(int timeout) throws SocketException {
        checkClosed();
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        this.timeout = Duration.ofMillis(timeout);
    }
    @Override public int getSoTimeout() throws SocketException { checkClosed(); return (int) timeout.toMillis(); }
    @Override public void setSendBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("Invalid send size");
        }
        set(StandardSocketOptions.SO_SNDBUF, size);
    }
    @Override public int getSendBufferSize() throws SocketException { return get(StandardSocketOptions.SO_SNDBUF); }
    @Override public void setReceiveBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("Invalid receive size");
        }
        set(StandardSocketOptions.SO_RCVBUF, size);
    }
    @Override public int getReceiveBufferSize() throws SocketException { return get(StandardSocketOptions.SO_RCVBUF); }
    @Override public void setKeepAlive(boolean on) throws SocketException { set(StandardSocketOptions.SO_KEEPALIVE, on); }
    @Override public boolean getKeepAlive() throws SocketException { return get(StandardSocketOptions.SO_KEEPALIVE); }
    @Override public void setTrafficClass(int tc) throws SocketException {
        if (tc < 0 || tc > 255) {
            throw new IllegalArgumentException("tc is not in range 0 -- 255");
        }
        set(StandardSocketOptions.IP_TOS, tc);
    }
    @Override public int getTrafficClass() throws SocketException { return get(StandardSocketOptions.IP_TOS); }
    @Override public void setReuseAddress(boolean on) throws SocketException { set(StandardSocketOptions.SO_REUSEADDR, on); }
    @Override public boolean getReuseAddress() throws SocketException { return get(StandardSocketOptions.SO_REUSEADDR); }

    private void checkClosed() throws SocketException {
        if (!ch.isOpen()) {
            throw AdaptorSupport.closed();
        }
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
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
    public void shutdownInput() throws IOException {
        checkStream();
        ch.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        checkStream();
        ch.shutdownOutput();
    }

    @Override
    public String toString() {
        if (ch.isConnected()) {
            return "Socket[addr=" + getInetAddress() + ",port=" + getPort() + ",localport=" + getLocalPort() + "]";
        }
        return "Socket[unconnected]";
    }

    @Override public boolean isConnected() { return ch.isConnected(); }
    @Override public boolean isBound() { return ch.isConnected() || local() != null; }
    @Override public boolean isClosed() { return !ch.isOpen(); }
    @Override public boolean isInputShutdown() { return ch.isInputShut(); }
    @Override public boolean isOutputShutdown() { return ch.isOutputShut(); }
    @Override public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) { }
}

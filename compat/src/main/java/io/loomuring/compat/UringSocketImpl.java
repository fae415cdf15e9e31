package io.loomuring.compat;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Set;

import io.loomuring.Backend;
import io.loomuring.Backends;
import io.loomuring.InterruptPolicy;
import io.loomuring.UringServerSocket;
import io.loomuring.UringSocket;
import io.loomuring.spi.JdkNet;

/**
 * The {@link SocketImpl} behind {@link java.net.Socket} and {@link java.net.ServerSocket} when
 * {@link JavaNetSwitch} is installed: connect, accept, reads and writes are loom-uring operations.
 * A client's kernel socket is made at {@code create}, as the JDK's, so {@code bind} reports the
 * kernel's port at once; a server's when it listens (options and the address given before are
 * applied first). {@code SO_TIMEOUT} bounds reads and accepts
 * ({@link java.net.SocketTimeoutException}). Interrupts act as on the JDK's sockets: a virtual
 * thread blocked in a call is woken, the socket closed and {@code SocketException("Closed by
 * interrupt")} thrown; a platform thread's interrupt is not acted on. After {@code shutdownInput}
 * reads return -1 (data already queued is dropped) and {@code available()} is 0; after a
 * "Connection reset" every read throws it again. Urgent data is sent with {@code MSG_OOB}.
 */
final class UringSocketImpl extends SocketImpl {
    private static final Set<SocketOption<?>> CLIENT_OPTIONS = JdkNet.withTcpOptions(StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_REUSEADDR,
            StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.SO_LINGER, StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.IP_TOS);
    private static final Set<SocketOption<?>> SERVER_OPTIONS = JdkNet.withTcpOptions(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.IP_TOS);

    private final Backend backend = Backends.current();
    private final boolean server;
    private final SocketOptionsBeforeOpen pending;  // a server's, until it listens
    private InetSocketAddress bindTo;               // a server's, until it listens
    private volatile UringSocket socket;
    private volatile UringServerSocket listener;
    private volatile int timeoutMillis;
    private volatile boolean closed;
    private volatile boolean inputShut;

    /** An impl for {@link java.net.Socket}; {@code server} for {@link java.net.ServerSocket} (SO_REUSEADDR on). */
    UringSocketImpl(boolean server) {
        this.server = server;
        this.pending = new SocketOptionsBeforeOpen(server ? SERVER_OPTIONS : CLIENT_OPTIONS);
        if (server) {
            try {
                pending.set(StandardSocketOptions.SO_REUSEADDR, true);
            } catch (SocketException e) {
                throw new AssertionError(e); // not a read-only option
            }
        }
    }

    /**
     * An interrupt as {@link java.net.Socket} expects it from an impl: an
     * {@link InterruptedIOException}, upon which the socket closes itself and throws
     * {@code SocketException("Closed by interrupt")} — so that {@code isClosed()} is true after.
     */
    private static IOException interruptAware(IOException e) {
        if (e instanceof SocketException && "Closed by interrupt".equals(e.getMessage())
                && Thread.currentThread().isInterrupted()) {
            InterruptedIOException ie = new InterruptedIOException("Closed by interrupt");
            ie.initCause(e);
            return ie;
        }
        return e;
    }

    @Override
    protected void create(boolean stream) throws IOException {
        if (!stream) {
            throw new IOException("datagram sockets are not covered by the loom-uring java.net switch");
        }
        if (!server && socket == null) {
            UringSocket s = backend.openSocket(null);
            s.setInterruptPolicy(InterruptPolicy.CLOSE_ON_VIRTUAL_THREADS);
            socket = s;
        }
    }

    /** The client socket made by {@code create}. */
    private UringSocket created() throws SocketException {
        UringSocket s = socket;
        if (closed) {
            throw new SocketException("Socket closed");
        }
        if (s == null) {
            throw new SocketException("Socket not created");
        }
        return s;
    }

    @Override
    protected void connect(String host, int port) throws IOException {
        connect(new InetSocketAddress(host, port), 0);
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        connect(new InetSocketAddress(address, port), 0);
    }

    @Override
    protected void connect(SocketAddress remote, int timeout) throws IOException {
        if (!(remote instanceof InetSocketAddress isa)) {
            throw new IllegalArgumentException("Unsupported address type");
        }
        if (isa.isUnresolved()) {
            throw new java.net.UnknownHostException(isa.getHostName());
        }
        UringSocket s = created();
        if (isa.getAddress().isAnyLocalAddress()) {
            isa = new InetSocketAddress(InetAddress.getLoopbackAddress(), isa.getPort());
        }
        if (timeoutMillis > 0) {
            s.setReadTimeout(Duration.ofMillis(timeoutMillis));
        }
        try {
            s.connectTo(isa, Duration.ofMillis(timeout));
        } catch (IOException e) {
            throw interruptAware(e);
        }
        addresses(s);
    }

    /** Takes an accepted socket (accept on the server's impl), closing one {@code create} made. */
    private void adopt(UringSocket s) throws IOException {
        s.setInterruptPolicy(InterruptPolicy.CLOSE_ON_VIRTUAL_THREADS);
        if (timeoutMillis > 0) {
            s.setReadTimeout(Duration.ofMillis(timeoutMillis));
        }
        UringSocket made = socket;
        socket = s;
        if (made != null) {
            made.close();
        }
        if (closed) { // closed by another thread meanwhile
            s.close();
            throw new SocketException("Socket closed");
        }
        addresses(s);
    }

    private void addresses(UringSocket s) throws IOException {
        if (s.remoteAddress() instanceof InetSocketAddress r) {
            address = r.getAddress();
            port = r.getPort();
        }
        if (s.localAddress() instanceof InetSocketAddress l) {
            localport = l.getPort();
        }
    }

    @Override
    protected void bind(InetAddress host, int port) throws IOException {
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (server) {
            bindTo = a;
            localport = port;
            return;
        }
        UringSocket s = created();
        s.bind(a);
        if (s.localAddress() instanceof InetSocketAddress l) {
            localport = l.getPort();
        }
    }

    @Override
    protected void listen(int backlog) throws IOException {
        if (bindTo == null) {
            bindTo = new InetSocketAddress(0);
        }
        UringServerSocket l = backend.listen(bindTo, backlog < 1 ? 50 : backlog, pending.snapshot());
        l.setInterruptPolicy(InterruptPolicy.CLOSE_ON_VIRTUAL_THREADS);
        listener = l;
        if (closed) {
            l.close();
            throw new SocketException("Socket closed");
        }
        InetSocketAddress a = (InetSocketAddress) l.localAddress();
        address = a.getAddress();
        localport = a.getPort();
    }

    @Override
    protected void accept(SocketImpl si) throws IOException {
        if (!(si instanceof UringSocketImpl target)) {
            throw new SocketException("accept needs the loom-uring SocketImpl on both sides (install both factories)");
        }
        UringServerSocket l = listener;
        if (l == null || closed) {
            throw new SocketException("Socket closed");
        }
        UringSocket s;
        try {
            s = l.accept(Duration.ofMillis(timeoutMillis));
        } catch (IOException e) {
            throw interruptAware(e);
        }
        target.adopt(s);
    }

    private UringSocket connected() throws SocketException {
        UringSocket s = socket;
        if (closed) {
            throw new SocketException("Socket closed");
        }
        if (s == null || !s.isConnected()) {
            throw new SocketException("Not connected");
        }
        return s;
    }

    @Override
    protected InputStream getInputStream() throws IOException {
        return new FilterInputStream(connected().inputStream()) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (inputShut) { // before the closed check, as the JDK's
                    return -1;
                }
                connected();
                try {
                    return in.read(b, off, len);
                } catch (IOException e) {
                    if (inputShut && !closed) {
                        return -1;
                    }
                    throw interruptAware(e);
                }
            }

            @Override
            public int available() throws IOException {
                return UringSocketImpl.this.available();
            }
        };
    }

    @Override
    protected OutputStream getOutputStream() throws IOException {
        return new FilterOutputStream(connected().outputStream()) {
            @Override
            public void write(int b) throws IOException {
                try {
                    out.write(b);
                } catch (IOException e) {
                    throw interruptAware(e);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw interruptAware(e);
                }
            }
        };
    }

    @Override
    protected int available() throws IOException {
        UringSocket s = connected();
        return inputShut ? 0 : s.available();
    }

    @Override
    protected void close() throws IOException {
        closed = true;
        UringSocket s = socket;
        if (s != null) {
            s.close();
        }
        UringServerSocket l = listener;
        if (l != null) {
            l.close();
        }
    }

    @Override
    protected void shutdownInput() throws IOException {
        UringSocket s = connected();
        if (!inputShut) {
            inputShut = true;
            s.shutdownInput();
        }
    }

    @Override
    protected void shutdownOutput() throws IOException {
        connected().shutdownOutput();
    }

    @Override
    protected void sendUrgentData(int data) throws IOException {
        connected().sendUrgentData(data);
    }

    @Override
    protected boolean supportsUrgentData() {
        return true;
    }

    @Override
    protected Set<SocketOption<?>> supportedOptions() {
        return server ? SERVER_OPTIONS : CLIENT_OPTIONS;
    }

    @Override
    protected <T> void setOption(SocketOption<T> name, T value) throws IOException {
        if (!supportedOptions().contains(java.util.Objects.requireNonNull(name))) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        if (!name.type().isInstance(value)) {
            throw new IllegalArgumentException("Invalid value '" + value + "'");
        }
        if (closed) {
            throw new SocketException("Socket closed");
        }
        set(name, value);
    }

    @Override
    protected <T> T getOption(SocketOption<T> name) throws IOException {
        if (!supportedOptions().contains(java.util.Objects.requireNonNull(name))) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        if (closed) {
            throw new SocketException("Socket closed");
        }
        return get(name);
    }

    @Override
    public void setOption(int optID, Object value) throws SocketException {
        if (closed) {
            throw new SocketException("Socket closed");
        }
        switch (optID) {
            case SocketOptions.SO_TIMEOUT -> {
                timeoutMillis = (Integer) value;
                UringSocket s = socket;
                if (s != null) {
                    s.setReadTimeout(Duration.ofMillis(timeoutMillis));
                }
            }
            case SocketOptions.TCP_NODELAY -> set(StandardSocketOptions.TCP_NODELAY, (Boolean) value);
            case SocketOptions.SO_KEEPALIVE -> set(StandardSocketOptions.SO_KEEPALIVE, (Boolean) value);
            case SocketOptions.SO_REUSEADDR -> set(StandardSocketOptions.SO_REUSEADDR, (Boolean) value);
            case SocketOptions.SO_REUSEPORT -> set(StandardSocketOptions.SO_REUSEPORT, (Boolean) value);
            case SocketOptions.SO_SNDBUF -> set(StandardSocketOptions.SO_SNDBUF, (Integer) value);
            case SocketOptions.SO_RCVBUF -> set(StandardSocketOptions.SO_RCVBUF, (Integer) value);
            case SocketOptions.IP_TOS -> set(StandardSocketOptions.IP_TOS, (Integer) value);
            case SocketOptions.SO_LINGER -> set(StandardSocketOptions.SO_LINGER,
                    value instanceof Integer i ? i : -1);
            case SocketOptions.SO_OOBINLINE -> set(UringSocket.SO_OOBINLINE, (Boolean) value);
            default -> throw new SocketException("Option " + optID + " not supported");
        }
    }

    @Override
    public Object getOption(int optID) throws SocketException {
        if (closed) {
            throw new SocketException("Socket closed");
        }
        return switch (optID) {
            case SocketOptions.SO_TIMEOUT -> timeoutMillis;
            case SocketOptions.SO_BINDADDR -> localAddress();
            case SocketOptions.TCP_NODELAY -> get(StandardSocketOptions.TCP_NODELAY);
            case SocketOptions.SO_KEEPALIVE -> get(StandardSocketOptions.SO_KEEPALIVE);
            case SocketOptions.SO_REUSEADDR -> get(StandardSocketOptions.SO_REUSEADDR);
            case SocketOptions.SO_REUSEPORT -> get(StandardSocketOptions.SO_REUSEPORT);
            case SocketOptions.SO_SNDBUF -> get(StandardSocketOptions.SO_SNDBUF);
            case SocketOptions.SO_RCVBUF -> get(StandardSocketOptions.SO_RCVBUF);
            case SocketOptions.IP_TOS -> get(StandardSocketOptions.IP_TOS);
            case SocketOptions.SO_LINGER -> {
                int l = get(StandardSocketOptions.SO_LINGER);
                yield l < 0 ? (Object) Boolean.FALSE : (Object) l;
            }
            case SocketOptions.SO_OOBINLINE -> get(UringSocket.SO_OOBINLINE);
            default -> throw new SocketException("Option " + optID + " not supported");
        };
    }

    private InetAddress localAddress() throws SocketException {
        try {
            SocketAddress a = listener != null ? listener.localAddress() : socket != null ? socket.localAddress() : bindTo;
            return a instanceof InetSocketAddress isa ? isa.getAddress() : new InetSocketAddress(0).getAddress();
        } catch (IOException e) {
            throw e instanceof SocketException se ? se : new SocketException(e.getMessage());
        }
    }

    private <T> void set(SocketOption<T> name, T value) throws SocketException {
        try {
            UringSocket s = socket;
            UringServerSocket l = listener;
            if (s != null) {
                s.setOption(name, value);
            } else if (l != null) {
                l.setOption(name, value);
            } else {
                pending.set(name, value);
            }
        } catch (IOException e) {
            throw e instanceof SocketException se ? se : new SocketException(e.getMessage());
        }
    }

    private <T> T get(SocketOption<T> name) throws SocketException {
        try {
            UringSocket s = socket;
            UringServerSocket l = listener;
            return s != null ? s.getOption(name) : l != null ? l.getOption(name) : pending.get(name, true);
        } catch (IOException e) {
            throw e instanceof SocketException se ? se : new SocketException(e.getMessage());
        }
    }
}

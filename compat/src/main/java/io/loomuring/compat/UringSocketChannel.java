package io.loomuring.compat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import io.loomuring.Backend;
import io.loomuring.Backends;
import io.loomuring.UringFile;
import io.loomuring.UringSocket;

/**
 * A {@link SocketChannel} in blocking mode whose connect, reads and writes are loom-uring socket
 * operations: on a virtual thread they park instead of pinning a carrier, and the ring batches
 * them with every other thread's.
 *
 * <p>Semantics are {@code SocketChannel}'s in blocking mode: {@code connect} blocks until
 * connected (a failed connect closes the channel, as the JDK's does); {@code read} blocks until at
 * least one byte arrives and returns -1 at end of stream or after {@link #shutdownInput()};
 * {@code write} returns when every byte is written; {@link NotYetConnectedException} before
 * connect, {@link ClosedChannelException} after close or after {@link #shutdownOutput()} for
 * writes, {@link java.nio.channels.AsynchronousCloseException} when another thread closes the
 * channel under a blocked read or write, and {@link java.nio.channels.ClosedByInterruptException}
 * (channel closed, interrupt status set) when the blocked thread is interrupted. Options are the
 * JDK's {@link StandardSocketOptions}.
 *
 * <p>Differences, all from the socket being created only when the channel connects:
 * {@link #bind} records the address and the kernel binds it at connect (a port in use fails the
 * connect with {@link java.net.BindException}); {@link #getLocalAddress()} before connect is the
 * address as given; options set before connect are applied to the socket before it connects.
 * A close from another thread during {@code connect} takes effect when the connect returns.
 *
 * <p>Not supported: non-blocking mode and selectors — {@link #configureBlocking(boolean)
 * configureBlocking(false)} throws {@link UnsupportedOperationException}; {@link #register} then
 * throws {@link java.nio.channels.IllegalBlockingModeException} as for any blocking channel.
 */
public final class UringSocketChannel extends SocketChannel {
    static final Set<SocketOption<?>> INET_OPTIONS = Set.of(StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_REUSEADDR,
            StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.SO_LINGER, StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.IP_TOS);
    static final Set<SocketOption<?>> UNIX_OPTIONS = Set.of(StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_LINGER);

    private final Backend backend;
    private final boolean unix;
    private final SocketOptionsBeforeOpen pending;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object stateLock = new Object();

    private volatile UringSocket socket;   // set once connected
    private SocketAddress bindTo;          // guarded by stateLock
    private boolean connecting;            // guarded by stateLock
    private volatile boolean inputShut;
    private volatile boolean outputShut;
    private Duration timeoutInUse = Duration.ZERO; // guarded by readLock
    private Socket adaptor;                // guarded by stateLock

    UringSocketChannel(SelectorProvider provider, ProtocolFamily family) {
        super(provider);
        if (family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6
                && family != StandardProtocolFamily.UNIX) {
            throw new UnsupportedOperationException("Protocol family not supported");
        }
        this.backend = Backends.current();
        this.unix = family == StandardProtocolFamily.UNIX;
        this.pending = new SocketOptionsBeforeOpen(unix ? UNIX_OPTIONS : INET_OPTIONS);
    }

    /** A channel for a connection {@code accept} returned. */
    UringSocketChannel(SelectorProvider provider, UringSocket accepted, boolean unix) {
        super(provider);
        this.backend = Backends.current();
        this.unix = unix;
        this.pending = new SocketOptionsBeforeOpen(unix ? UNIX_OPTIONS : INET_OPTIONS);
        this.socket = accepted;
    }

    /** Opens an unconnected TCP channel, as {@link SocketChannel#open()}. */
    public static UringSocketChannel open() {
        return new UringSocketChannel(UringSelectorProvider.INSTANCE, StandardProtocolFamily.INET);
    }

    /** Opens a channel of {@code family} (INET, INET6 or UNIX), as {@link SocketChannel#open(ProtocolFamily)}. */
    public static UringSocketChannel open(ProtocolFamily family) {
        return new UringSocketChannel(UringSelectorProvider.INSTANCE, family);
    }

    /** Opens a channel and connects it to {@code remote}, as {@link SocketChannel#open(SocketAddress)}. */
    public static UringSocketChannel open(SocketAddress remote) throws IOException {
        UringSocketChannel ch = open(remote instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
        try {
            ch.connect(remote);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    /** The loom-uring socket underneath; null until connected. */
    public UringSocket uringSocket() {
        return socket;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private UringSocket connected() throws ClosedChannelException {
        ensureOpen();
        UringSocket s = socket;
        if (s == null) {
            throw new NotYetConnectedException();
        }
        return s;
    }

    private SocketAddress checkAddress(SocketAddress sa) {
        Objects.requireNonNull(sa);
        if (unix) {
            if (!(sa instanceof UnixDomainSocketAddress)) {
                throw new UnsupportedAddressTypeException();
            }
            return sa;
        }
        if (!(sa instanceof InetSocketAddress isa)) {
            throw new UnsupportedAddressTypeException();
        }
        if (isa.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        if (isa.getAddress().isAnyLocalAddress()) {
            return new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), isa.getPort());
        }
        return isa;
    }

    @Override
    public SocketChannel bind(SocketAddress local) throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (connecting) {
                throw new ConnectionPendingException();
            }
            if (socket != null || bindTo != null) {
                throw new AlreadyBoundException();
            }
            if (local == null) {
                local = unix ? null : new InetSocketAddress(0);
            } else if (unix ? !(local instanceof UnixDomainSocketAddress) : !(local instanceof InetSocketAddress)) {
                throw new UnsupportedAddressTypeException();
            } else if (local instanceof InetSocketAddress isa && isa.isUnresolved()) {
                throw new UnresolvedAddressException();
            }
            bindTo = local;
        }
        return this;
    }

    @Override
    public boolean connect(SocketAddress remote) throws IOException {
        return connect(remote, Duration.ZERO);
    }

    /** A connect bounded by {@code timeout} (the socket adaptor's); a timeout closes the channel. */
    boolean connect(SocketAddress remote, Duration timeout) throws IOException {
        SocketAddress to = checkAddress(remote);
        SocketAddress local;
        synchronized (stateLock) {
            ensureOpen();
            if (socket != null) {
                throw new AlreadyConnectedException();
            }
            if (connecting) {
                throw new ConnectionPendingException();
            }
            connecting = true;
            local = bindTo;
        }
        UringSocket s = null;
        IOException failure = null;
        try {
            begin();
            s = backend.connect(to, timeout, local, pending.snapshot());
        } catch (IOException e) {
            failure = e;
        } finally {
            synchronized (stateLock) {
                connecting = false;
                if (s != null && isOpen()) {
                    socket = s;
                }
            }
            if (s != null && socket != s) {
                s.close(); // closed while connecting
            }
            end(s != null && socket == s);
        }
        if (failure != null) {
            close(); // as the JDK: a failed connect closes the channel
            throw failure;
        }
        return true;
    }

    @Override
    public boolean finishConnect() throws IOException {
        ensureOpen();
        if (socket != null) {
            return true;
        }
        throw new NoConnectionPendingException();
    }

    @Override
    public boolean isConnected() {
        return socket != null;
    }

    @Override
    public boolean isConnectionPending() {
        synchronized (stateLock) {
            return connecting;
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return read(dst, Duration.ZERO);
    }

    /** A read bounded by {@code timeout} (the socket adaptor's SO_TIMEOUT). */
    int read(ByteBuffer dst, Duration timeout) throws IOException {
        Objects.requireNonNull(dst);
        readLock.lock();
        try {
            UringSocket s = connected();
            if (inputShut) {
                return -1;
            }
            if (!timeout.equals(timeoutInUse)) {
                s.setReadTimeout(timeout);
                timeoutInUse = timeout;
            }
            int n = 0;
            boolean completed = false;
            try {
                begin();
                n = s.read(dst);
                completed = true;
            } catch (SocketException e) {
                if (inputShut && isOpen()) {
                    return -1;
                }
                throw e;
            } finally {
                end(completed);
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].hasRemaining()) {
                return read(dsts[i]); // one receive, into the first buffer with room
            }
        }
        connected();
        return inputShut ? -1 : 0;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src);
        writeLock.lock();
        try {
            UringSocket s = writable();
            int total = 0;
            boolean completed = false;
            try {
                begin();
                while (src.hasRemaining()) {
                    total += s.write(src);
                }
                completed = true;
            } finally {
                end(completed);
            }
            return total;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        writeLock.lock(); // reentrant: the buffers go out back to back, no other write between
        try {
            writable();
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += write(srcs[i]);
            }
            return total;
        } finally {
            writeLock.unlock();
        }
    }

    /** The socket, for a write: connected and its output not shut down. */
    private UringSocket writable() throws IOException {
        UringSocket s = connected();
        if (outputShut) {
            throw new java.nio.channels.AsynchronousCloseException(); // what the JDK's channel throws
        }
        return s;
    }

    /**
     * {@code f}'s bytes from {@code position} into this socket (for {@link UringFileChannel#transferTo}):
     * spliced inside the kernel where the backend can, as one write.
     */
    long sendFile(UringFile f, long position, long count) throws IOException {
        writeLock.lock();
        try {
            UringSocket s = writable();
            long n = 0;
            boolean completed = false;
            try {
                begin();
                n = f.transferTo(position, count, s);
                completed = true;
            } finally {
                end(completed);
            }
            return n;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Up to {@code count} bytes of this socket's stream into {@code f} at {@code position} (for
     * {@link UringFileChannel#transferFrom}): spliced inside the kernel where the backend can.
     */
    long receiveFile(UringFile f, long position, long count) throws IOException {
        readLock.lock();
        try {
            UringSocket s = connected();
            if (inputShut) {
                return 0;
            }
            if (!timeoutInUse.isZero()) {
                s.setReadTimeout(Duration.ZERO);
                timeoutInUse = Duration.ZERO;
            }
            long n = 0;
            boolean completed = false;
            try {
                begin();
                n = f.transferFrom(s, position, count);
                completed = true;
            } finally {
                end(completed);
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public SocketChannel shutdownInput() throws IOException {
        UringSocket s = connected();
        if (!inputShut) {
            inputShut = true;
            s.shutdownInput();
        }
        return this;
    }

    @Override
    public SocketChannel shutdownOutput() throws IOException {
        UringSocket s = connected();
        if (!outputShut) {
            outputShut = true;
            s.shutdownOutput();
        }
        return this;
    }

    boolean isInputShut() {
        return inputShut;
    }

    boolean isOutputShut() {
        return outputShut;
    }

    @Override
    public SocketAddress getRemoteAddress() throws IOException {
        ensureOpen();
        UringSocket s = socket;
        return s == null ? null : s.remoteAddress();
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        ensureOpen();
        UringSocket s = socket;
        if (s != null) {
            return s.localAddress();
        }
        synchronized (stateLock) {
            return bindTo;
        }
    }

    @Override
    public <T> SocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        Objects.requireNonNull(name);
        ensureOpen();
        UringSocket s = socket;
        if (s == null) {
            pending.set(name, value);
        } else {
            pending.checkSupported(name);
            s.setOption(name, value);
        }
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        Objects.requireNonNull(name);
        ensureOpen();
        UringSocket s = socket;
        if (s == null) {
            return pending.get(name, true);
        }
        pending.checkSupported(name);
        return s.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return unix ? UNIX_OPTIONS : INET_OPTIONS;
    }

    @Override
    public Socket socket() {
        synchronized (stateLock) {
            if (adaptor == null) {
                adaptor = SocketAdaptor.of(this);
            }
            return adaptor;
        }
    }

    @Override
    protected void implCloseSelectableChannel() throws IOException {
        UringSocket s = socket;
        if (s != null) {
            s.close();
        }
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
        if (!block) {
            throw UringSelectorProvider.noNonBlocking();
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getName()).append('[');
        if (!isOpen()) {
            sb.append("closed");
        } else if (socket == null) {
            sb.append("unconnected");
        } else {
            sb.append("connected");
            try {
                sb.append(" local=").append(socket.localAddress()).append(" remote=").append(socket.remoteAddress());
            } catch (IOException e) {
                // closing concurrently: the state alone
            }
        }
        return sb.append(']').toString();
    }
}

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
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import io.loomuring.Backends;
import io.loomuring.InterruptPolicy;
import io.loomuring.UringFile;
import io.loomuring.UringSocket;
import io.loomuring.spi.JdkNet;
import io.loomuring.spi.NonBlockingMode;
import io.loomuring.spi.NonBlockingStream;

/**
 * A {@link SocketChannel} in blocking mode whose connect, reads and writes are loom-uring socket
 * operations: on a virtual thread they park instead of pinning a carrier, and the ring batches
 * them with every other thread's.
 *
 * <p>Semantics are {@code SocketChannel}'s in blocking mode. The kernel socket is made when the
 * channel is opened, as the JDK's: {@link #bind} takes a port from the kernel at once, options
 * apply at once. {@code connect} blocks until connected (a failed connect closes the channel);
 * {@code read} blocks until at least one byte arrives and returns -1 at end of stream or after
 * {@link #shutdownInput()}; a read after the peer reset the connection throws
 * {@code SocketException("Connection reset")}, and so does every read after it; a scattering read
 * fills its buffers in order; {@code write} returns when every byte is written;
 * {@link NotYetConnectedException} before connect, {@link ClosedChannelException} after close,
 * {@link java.nio.channels.AsynchronousCloseException} when another thread closes the channel under
 * a blocked call or after {@link #shutdownOutput()} for writes, and
 * {@link java.nio.channels.ClosedByInterruptException} (channel closed, interrupt status set) when
 * the blocked thread is interrupted. Options are the JDK's {@link StandardSocketOptions} and the
 * keep-alive and quick-ack options of {@code jdk.net.ExtendedSocketOptions} (when the runtime has {@code jdk.net}).
 *
 * <p>Non-blocking mode (io_uring only; on the JDK backend {@link #configureBlocking(boolean)
 * configureBlocking(false)} throws {@link UnsupportedOperationException} naming the reason):
 * {@code read} and {@code write} return 0, {@code connect} and {@code finishConnect} return
 * {@code false} while the connection is under way, and the channel registers with a
 * selector of {@link UringSelectorProvider}; while registered, {@code configureBlocking(true)} throws
 * {@link java.nio.channels.IllegalBlockingModeException}, as the JDK's.
 * {@link java.nio.channels.Channels#newInputStream} and {@code newOutputStream} over this channel
 * take {@link #blockingLock()} around each read and write; this channel waits with that lock
 * released ({@link OutsideBlockingLock}), so a read blocked in one stream does not hold up a write
 * through the other, as with the JDK's own socket channel.
 */
public final class UringSocketChannel extends SocketChannel implements SelChannel {
    static final Set<SocketOption<?>> INET_OPTIONS = JdkNet.withTcpOptions(StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_REUSEADDR,
            StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.SO_LINGER, StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.IP_TOS, UringSocket.SO_OOBINLINE);
    static final Set<SocketOption<?>> UNIX_OPTIONS = Set.of(StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_LINGER);

    private final boolean unix;
    private final UringSocket socket;      // made at open
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object stateLock = new Object();

    private volatile boolean connected;
    private boolean bound;                 // guarded by stateLock
    private boolean connecting;            // guarded by stateLock
    private volatile boolean inputShut;
    private volatile boolean outputShut;
    private Duration timeoutInUse = Duration.ZERO; // guarded by readLock
    private Socket adaptor;                // guarded by stateLock

    /** An unconnected channel; {@code family} null is the JDK's default (IPv6 dual stack where there is IPv6). */
    UringSocketChannel(SelectorProvider provider, ProtocolFamily family) throws IOException {
        super(provider);
        if (family != null && family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6
                && family != StandardProtocolFamily.UNIX) {
            throw new UnsupportedOperationException("Protocol family not supported");
        }
        this.unix = family == StandardProtocolFamily.UNIX;
        this.socket = Backends.current().openSocket(family);
        socket.setInterruptPolicy(InterruptPolicy.IGNORE); // interrupts are the channel's: see ChannelInterrupts
    }

    /** A channel for a connection {@code accept} returned. */
    UringSocketChannel(SelectorProvider provider, UringSocket accepted, boolean unix) {
        super(provider);
        this.unix = unix;
        this.socket = accepted;
        accepted.setInterruptPolicy(InterruptPolicy.IGNORE); // interrupts are the channel's: see ChannelInterrupts
        this.connected = true;
        this.bound = true;
    }

    /** Opens an unconnected TCP channel, as {@link SocketChannel#open()}. */
    public static UringSocketChannel open() throws IOException {
        return new UringSocketChannel(UringSelectorProvider.INSTANCE, null);
    }

    /** Opens a channel of {@code family} (INET, INET6 or UNIX), as {@link SocketChannel#open(ProtocolFamily)}. */
    public static UringSocketChannel open(ProtocolFamily family) throws IOException {
        return new UringSocketChannel(UringSelectorProvider.INSTANCE, Objects.requireNonNull(family));
    }

    /** Opens a channel and connects it to {@code remote}, as {@link SocketChannel#open(SocketAddress)}. */
    public static UringSocketChannel open(SocketAddress remote) throws IOException {
        UringSocketChannel ch = new UringSocketChannel(UringSelectorProvider.INSTANCE,
                remote instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX : null);
        try {
            ch.connect(remote);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    /** The loom-uring socket underneath. */
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
        if (!connected) {
            throw new NotYetConnectedException();
        }
        return socket;
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
            if (bound) {
                throw new AlreadyBoundException();
            }
            if (local != null) {
                if (unix ? !(local instanceof UnixDomainSocketAddress) : !(local instanceof InetSocketAddress)) {
                    throw new UnsupportedAddressTypeException();
                } else if (local instanceof InetSocketAddress isa && isa.isUnresolved()) {
                    throw new UnresolvedAddressException();
                }
            }
            socket.bind(local);
            bound = true;
        }
        return this;
    }

    @Override
    public boolean connect(SocketAddress remote) throws IOException {
        return connect(remote, Duration.ZERO);
    }

    /**
     * The socket adaptor's connect, bounded by {@code timeout}; a timeout closes the channel. As the
     * JDK's: {@link java.nio.channels.IllegalBlockingModeException} in non-blocking mode, and
     * {@link java.nio.channels.AsynchronousCloseException} on a closed channel.
     */
    void blockingConnect(SocketAddress remote, Duration timeout) throws IOException {
        SocketAddress to = checkAddress(remote);
        if (!isOpen()) {
            throw new java.nio.channels.AsynchronousCloseException();
        }
        if (!isBlocking()) {
            throw new java.nio.channels.IllegalBlockingModeException();
        }
        connect(to, timeout);
    }

    private boolean connect(SocketAddress remote, Duration timeout) throws IOException {
        SocketAddress to = checkAddress(remote);
        synchronized (stateLock) {
            ensureOpen();
            if (connected) {
                throw new AlreadyConnectedException();
            }
            if (connecting) {
                throw new ConnectionPendingException();
            }
            connecting = true;
        }
        boolean ok = false;
        IOException failure = null;
        if (!isBlocking()) {
            return connectNow(to);
        }
        try {
            begin();
            socket.connectTo(to, timeout);
            ok = true;
        } catch (IOException e) {
            failure = ChannelInterrupts.translate(e);
        } finally {
            synchronized (stateLock) {
                connecting = false;
                if (ok) {
                    connected = true;
                    bound = true;
                }
            }
            end(ok);
        }
        if (failure != null) {
            close(); // as the JDK: a failed connect closes the channel
            throw failure;
        }
        return true;
    }

    /** A connect in non-blocking mode: true when done at once, false when under way ({@link #finishConnect}). */
    private boolean connectNow(SocketAddress to) throws IOException {
        boolean done;
        try {
            done = stream().startConnect(to);
        } catch (IOException | RuntimeException e) {
            synchronized (stateLock) {
                connecting = false;
            }
            close(); // as the JDK: a failed connect closes the channel
            throw e;
        }
        synchronized (stateLock) {
            bound = true;
            if (done) {
                connecting = false;
                connected = true;
            }
        }
        return done;
    }

    private NonBlockingStream stream() {
        NonBlockingStream s = NonBlockingStream.of(socket);
        if (s != null) {
            return s;
        }
        throw UringSelectorProvider.noNonBlocking();
    }

    /**
     * Ends a connect under way: in non-blocking mode true when it is done and false when not yet;
     * in blocking mode it waits. A failed connect closes the channel and throws, as the JDK's.
     */
    @Override
    public boolean finishConnect() throws IOException {
        ensureOpen();
        if (connected) {
            return true;
        }
        synchronized (stateLock) {
            if (!connecting) {
                throw new NoConnectionPendingException();
            }
        }
        boolean done = false;
        boolean blocking = isBlocking();
        try {
            if (blocking) {
                begin();
            }
            done = stream().finishConnect(blocking);
        } catch (IOException e) {
            IOException f = ChannelInterrupts.translate(e);
            synchronized (stateLock) {
                connecting = false;
            }
            close();
            throw f;
        } finally {
            if (blocking) {
                end(done);
            }
        }
        if (done) {
            synchronized (stateLock) {
                connecting = false;
                connected = true;
            }
        }
        return done;
    }

    @Override
    public NonBlockingMode mode() {
        return NonBlockingStream.of(socket);
    }

    @Override
    public int readyOps(int events, int interest) {
        int r = SelChannel.super.readyOps(events, interest);
        if (connected) {
            return r & ~SelectionKey.OP_CONNECT;
        }
        boolean pending = isConnectionPending();
        return r & (pending ? SelectionKey.OP_CONNECT : 0);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public boolean isConnectionPending() {
        synchronized (stateLock) {
            return connecting;
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst);
        return (int) read(Duration.ZERO, false, s -> s.read(dst));
    }

    /**
     * The socket adaptor's read, bounded by {@code timeout} (its SO_TIMEOUT); in non-blocking mode
     * {@link java.nio.channels.IllegalBlockingModeException}, as the JDK's.
     */
    int blockingRead(ByteBuffer dst, Duration timeout) throws IOException {
        return (int) read(timeout, true, s -> s.read(dst));
    }

    /**
     * A scattering read, as readv(2): one receive of up to the buffers' total room, spread over
     * them in order (heap buffers: at most 64 KiB per call).
     */
    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        return read(Duration.ZERO, false, s -> s.read(dsts, offset, length));
    }

    /** One transfer on the socket underneath. */
    private interface Transfer {
        long run(UringSocket s) throws IOException;
    }

    /**
     * The bracket of every read: the read lock, the blocking mode for the adaptor's, end of stream
     * after shutdownInput, the timeout, begin/end.
     */
    private long read(Duration timeout, boolean adaptor, Transfer read) throws IOException {
        if (OutsideBlockingLock.held(this)) { // a stream of Channels.newInputStream: wait without the lock
            return OutsideBlockingLock.run(this, () -> read(timeout, adaptor, read));
        }
        readLock.lock();
        try {
            UringSocket s = connected();
            if (adaptor && !isBlocking()) {
                throw new java.nio.channels.IllegalBlockingModeException();
            }
            if (inputShut) {
                return -1;
            }
            if (!timeout.equals(timeoutInUse)) {
                s.setReadTimeout(timeout);
                timeoutInUse = timeout;
            }
            long n = 0;
            boolean completed = false;
            try {
                begin();
                n = read.run(s);
                completed = true;
            } catch (SocketException e) {
                if (inputShut && isOpen()) {
                    return -1;
                }
                throw ChannelInterrupts.translate(e);
            } finally {
                end(completed);
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    /** In blocking mode every byte of {@code src}; in non-blocking mode what fits in the socket's buffer now. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src);
        return (int) write(false, s -> s.write(src));
    }

    /** The socket adaptor's write: every byte; in non-blocking mode {@link java.nio.channels.IllegalBlockingModeException}. */
    void blockingWrite(ByteBuffer src) throws IOException {
        write(true, s -> s.write(src));
    }

    /**
     * A gathering write, as writev(2): one send over all the buffers; in blocking mode repeated
     * from where it stopped until every byte is written, in non-blocking mode once.
     */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        return write(false, s -> s.write(srcs, offset, length));
    }

    /** The bracket of every write: the write lock, the blocking mode for the adaptor's, shutdownOutput, begin/end. */
    private long write(boolean adaptor, Transfer write) throws IOException {
        if (OutsideBlockingLock.held(this)) { // a stream of Channels.newOutputStream: wait without the lock
            return OutsideBlockingLock.run(this, () -> write(adaptor, write));
        }
        writeLock.lock();
        try {
            UringSocket s = connected();
            if (adaptor && !isBlocking()) {
                throw new java.nio.channels.IllegalBlockingModeException();
            }
            writable();
            long n = 0;
            boolean completed = false;
            try {
                begin();
                n = write.run(s);
                completed = true;
            } catch (IOException e) {
                throw ChannelInterrupts.translate(e);
            } finally {
                end(completed);
            }
            return n;
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
            } catch (IOException e) {
                throw ChannelInterrupts.translate(e);
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
            } catch (IOException e) {
                throw ChannelInterrupts.translate(e);
            } finally {
                end(completed);
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    /** Sends one byte of urgent data (the adaptor's {@code sendUrgentData}). */
    void sendUrgentData(int data) throws IOException {
        writeLock.lock();
        try {
            UringSocket s = writable();
            boolean completed = false;
            try {
                begin();
                s.sendUrgentData(data);
                completed = true;
            } catch (IOException e) {
                throw ChannelInterrupts.translate(e);
            } finally {
                end(completed);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Bytes that a read would return now without blocking (the adaptor's {@code available()}). */
    int available() throws IOException {
        UringSocket s = connected();
        return inputShut ? 0 : s.available();
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
        return connected ? socket.remoteAddress() : null;
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            return bound ? socket.localAddress() : null;
        }
    }

    @Override
    public <T> SocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        SocketOptionsBeforeOpen.checkSet(supportedOptions(), name, value);
        ensureOpen();
        socket.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        SocketOptionsBeforeOpen.checkGet(supportedOptions(), name);
        ensureOpen();
        return socket.getOption(name);
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
        NonBlockingMode m = mode();
        SelChannel.beforeClose(this, m == null ? null : m.descriptor());
        socket.close();
    }

    /** Waits for a read and a write under way, as the JDK's channel does, then changes the descriptor's mode. */
    @Override
    protected void implConfigureBlocking(boolean block) throws IOException {
        NonBlockingMode m = mode();
        if (m == null) {
            if (block) {
                return;
            }
            throw UringSelectorProvider.noNonBlocking();
        }
        readLock.lock();
        try {
            writeLock.lock();
            try {
                m.nonBlocking(!block);
            } finally {
                writeLock.unlock();
            }
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getName()).append('[');
        if (!isOpen()) {
            sb.append("closed");
        } else if (!connected) {
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

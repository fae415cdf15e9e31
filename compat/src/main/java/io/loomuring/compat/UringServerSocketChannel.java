package io.loomuring.compat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import io.loomuring.Backend;
import io.loomuring.Backends;
import io.loomuring.InterruptPolicy;
import io.loomuring.UringServerSocket;
import io.loomuring.UringSocket;
import io.loomuring.spi.JdkNet;
import io.loomuring.spi.NonBlockingAccept;
import io.loomuring.spi.NonBlockingMode;
import io.loomuring.spi.Poll;

/**
 * A {@link ServerSocketChannel} in blocking mode whose accepts are loom-uring operations (one
 * multishot accept per socket on io_uring). {@code accept} blocks until a connection arrives and
 * returns a {@link UringSocketChannel}; {@link NotYetBoundException} before {@code bind},
 * {@link ClosedChannelException} after close, {@link java.nio.channels.AsynchronousCloseException}
 * when another thread closes the channel under a blocked accept, and
 * {@link java.nio.channels.ClosedByInterruptException} (channel closed, interrupt status set) when
 * the accepting thread is interrupted. {@code SO_REUSEADDR} is on by default, as with the JDK.
 *
 * <p>In non-blocking mode (io_uring only; on the JDK backend {@code configureBlocking(false)} throws
 * {@link UnsupportedOperationException} naming the reason) {@code accept} returns {@code null} when
 * no connection is waiting, and the channel can be registered with a selector of {@link UringSelectorProvider} for
 * {@code OP_ACCEPT}.
 */
public final class UringServerSocketChannel extends ServerSocketChannel implements SelChannel {
    static final Set<SocketOption<?>> INET_OPTIONS = JdkNet.withTcpOptions(
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT);
    static final Set<SocketOption<?>> UNIX_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF);

    private final Backend backend;
    private final boolean unix;
    private final SocketOptionsBeforeOpen pending;
    private final ReentrantLock acceptLock = new ReentrantLock();
    private final Object stateLock = new Object();
    private volatile UringServerSocket server;
    private ServerSocket adaptor; // guarded by stateLock

    UringServerSocketChannel(SelectorProvider provider, ProtocolFamily family) {
        super(provider);
        if (family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6
                && family != StandardProtocolFamily.UNIX) {
            throw new UnsupportedOperationException("Protocol family not supported");
        }
        this.backend = Backends.current();
        this.unix = family == StandardProtocolFamily.UNIX;
        this.pending = new SocketOptionsBeforeOpen(unix ? UNIX_OPTIONS : INET_OPTIONS);
        if (!unix) {
            try {
                pending.set(StandardSocketOptions.SO_REUSEADDR, true);
            } catch (java.net.SocketException e) {
                throw new AssertionError(e); // not a read-only option
            }
        }
    }

    /** Opens an unbound TCP server channel, as {@link ServerSocketChannel#open()}. */
    public static UringServerSocketChannel open() {
        return new UringServerSocketChannel(UringSelectorProvider.INSTANCE, StandardProtocolFamily.INET);
    }

    /** Opens an unbound server channel of {@code family}, as {@link ServerSocketChannel#open(ProtocolFamily)}. */
    public static UringServerSocketChannel open(ProtocolFamily family) {
        return new UringServerSocketChannel(UringSelectorProvider.INSTANCE, family);
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public ServerSocketChannel bind(SocketAddress local, int backlog) throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (server != null) {
                throw new AlreadyBoundException();
            }
            if (local == null) {
                local = unix ? UnixDomainSocketAddress.of(tempSocketPath()) : new InetSocketAddress(0);
            } else if (unix ? !(local instanceof UnixDomainSocketAddress) : !(local instanceof InetSocketAddress)) {
                throw new UnsupportedAddressTypeException();
            } else if (local instanceof InetSocketAddress isa && isa.isUnresolved()) {
                throw new UnresolvedAddressException();
            }
            UringServerSocket made = backend.listen(local, backlog < 1 ? 50 : backlog, pending.snapshot());
            made.setInterruptPolicy(InterruptPolicy.IGNORE); // interrupts are the channel's: see ChannelInterrupts
            if (!isBlocking()) { // the mode chosen before bind
                try {
                    nonBlockingSide(made).nonBlocking(true);
                } catch (IOException | RuntimeException e) {
                    made.close();
                    throw e;
                }
            }
            server = made;
        }
        if (isRegistered()) {
            UringSelector.socketMade(this); // a poll for the key registered before the socket existed
        }
        return this;
    }

    private static Path tempSocketPath() throws IOException {
        Path dir = Files.createTempDirectory("socket_");
        return dir.resolve("socket");
    }

    boolean isBound() {
        return server != null;
    }

    @Override
    public SocketChannel accept() throws IOException {
        return accept(Duration.ZERO);
    }

    /** An accept bounded by {@code timeout} (the server socket adaptor's SO_TIMEOUT). */
    SocketChannel accept(Duration timeout) throws IOException {
        acceptLock.lock();
        try {
            ensureOpen();
            UringServerSocket s = server;
            if (s == null) {
                throw new NotYetBoundException();
            }
            if (!isBlocking()) {
                UringSocket a = nonBlockingSide(s).acceptNow();
                return a == null ? null : new UringSocketChannel(provider(), a, unix);
            }
            UringSocket accepted = null;
            try {
                begin();
                accepted = s.accept(timeout);
            } catch (IOException e) {
                throw ChannelInterrupts.translate(e);
            } finally {
                end(accepted != null);
            }
            return new UringSocketChannel(provider(), accepted, unix);
        } finally {
            acceptLock.unlock();
        }
    }

    @Override
    public int eventsBeforeSocket() {
        return Poll.POLLHUP; // a TCP socket not listening
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        ensureOpen();
        UringServerSocket s = server;
        return s == null ? null : s.localAddress();
    }

    @Override
    public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        SocketOptionsBeforeOpen.checkSet(supportedOptions(), name, value);
        ensureOpen();
        synchronized (stateLock) {
            if (server == null) {
                pending.set(name, value);
                return this;
            }
        }
        pending.checkSupported(name);
        server.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        SocketOptionsBeforeOpen.checkGet(supportedOptions(), name);
        ensureOpen();
        UringServerSocket s = server;
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
    public ServerSocket socket() {
        synchronized (stateLock) {
            if (adaptor == null) {
                adaptor = ServerSocketAdaptor.of(this);
            }
            return adaptor;
        }
    }

    @Override
    protected void implCloseSelectableChannel() throws IOException {
        UringServerSocket s;
        synchronized (stateLock) { // not while bind is making the socket
            s = server;
        }
        if (s != null) {
            NonBlockingMode m = mode();
            SelChannel.beforeClose(this, m == null ? null : m.descriptor());
            s.close();
        }
    }

    private static NonBlockingAccept nonBlockingSide(UringServerSocket s) {
        NonBlockingAccept a = NonBlockingAccept.of(s);
        if (a != null) {
            return a;
        }
        throw UringSelectorProvider.noNonBlocking();
    }

    /** Before bind the mode is only remembered ({@link #isBlocking()}); bind applies it. */
    @Override
    protected void implConfigureBlocking(boolean block) throws IOException {
        if (backend == io.loomuring.Backend.JDK && !block) {
            throw UringSelectorProvider.noNonBlocking();
        }
        acceptLock.lock();
        try {
            synchronized (stateLock) {
                if (server != null) {
                    nonBlockingSide(server).nonBlocking(!block);
                }
            }
        } finally {
            acceptLock.unlock();
        }
    }

    /** Null until bound (a selector polls the channel from its first selection after bind). */
    @Override
    public NonBlockingMode mode() {
        UringServerSocket s = server;
        return s == null ? null : NonBlockingAccept.of(s);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getName()).append('[');
        if (!isOpen()) {
            sb.append("closed");
        } else {
            try {
                SocketAddress a = getLocalAddress();
                sb.append(a == null ? "unbound" : a.toString());
            } catch (IOException e) {
                sb.append("closed");
            }
        }
        return sb.append(']').toString();
    }
}

package io.loomuring.compat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import io.loomuring.Backend;
import io.loomuring.Backends;
import io.loomuring.InterruptPolicy;
import io.loomuring.UringDatagramSocket;
import io.loomuring.spi.JdkNet;
import io.loomuring.spi.NonBlockingMode;
import io.loomuring.spi.Poll;

/**
 * A {@link DatagramChannel} in blocking mode whose sends and receives are loom-uring operations.
 * As the JDK's: an unbound channel is bound to the wildcard address and an ephemeral port by its
 * first send, receive or connect; {@code receive} blocks for one datagram and returns its sender
 * (a datagram longer than the buffer is truncated); {@code send} sends one datagram and returns
 * its length; {@code read}/{@code write} need a connected channel
 * ({@link NotYetConnectedException}); {@code send} to another address than the connected one is
 * {@link AlreadyConnectedException}; {@link ClosedChannelException} after close,
 * {@link java.nio.channels.AsynchronousCloseException} for a blocked receive when another thread
 * closes, {@link java.nio.channels.ClosedByInterruptException} when the receiving thread is
 * interrupted.
 *
 * <p>Multicast: the {@code IP_MULTICAST_*} options and {@link #join} with {@link MembershipKey}s
 * ({@code drop}, {@code block}, {@code unblock}) as the JDK's, through the kernel's {@code MCAST_*}
 * requests. A channel opened without a family is IPv4 (the JDK's is dual-stack IPv6): open it with
 * {@link StandardProtocolFamily#INET6} to join IPv6 groups. Non-blocking mode (io_uring only):
 * {@code receive} returns {@code null}, {@code send} and {@code read} 0 when they cannot proceed at
 * once, and the channel registers with a selector of {@link UringSelectorProvider}.
 */
public final class UringDatagramChannel extends DatagramChannel implements SelChannel {
    static final Set<SocketOption<?>> OPTIONS = JdkNet.withDatagramOptions(
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_REUSEADDR,
            StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.SO_BROADCAST, StandardSocketOptions.IP_TOS,
            StandardSocketOptions.IP_MULTICAST_IF, StandardSocketOptions.IP_MULTICAST_TTL,
            StandardSocketOptions.IP_MULTICAST_LOOP);

    private final Backend backend;
    private final SocketOptionsBeforeOpen pending = new SocketOptionsBeforeOpen(OPTIONS);
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object stateLock = new Object();
    private volatile UringDatagramSocket socket; // once bound
    private volatile SocketAddress remote;       // once connected
    private Duration timeoutInUse = Duration.ZERO; // guarded by readLock
    private DatagramSocket adaptor;              // guarded by stateLock
    private final boolean inet6;                 // opened for IPv6: may join IPv6 groups
    private final java.util.List<UringMembershipKey> keys = new java.util.ArrayList<>(); // guarded by stateLock

    UringDatagramChannel(SelectorProvider provider, ProtocolFamily family) {
        super(provider);
        if (family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6) {
            throw new UnsupportedOperationException("Protocol family not supported");
        }
        this.backend = Backends.current();
        this.inet6 = family == StandardProtocolFamily.INET6;
    }

    /** Opens an unbound UDP channel, as {@link DatagramChannel#open()}. */
    public static UringDatagramChannel open() {
        return new UringDatagramChannel(UringSelectorProvider.INSTANCE, StandardProtocolFamily.INET);
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private static InetSocketAddress check(SocketAddress sa) {
        Objects.requireNonNull(sa);
        if (!(sa instanceof InetSocketAddress isa)) {
            throw new UnsupportedAddressTypeException();
        }
        if (isa.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        return isa;
    }

    @Override
    public DatagramChannel bind(SocketAddress local) throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (socket != null) {
                throw new AlreadyBoundException();
            }
            open(local == null ? new InetSocketAddress(0) : check(local));
        }
        return this;
    }

    /** Makes the socket, bound to {@code local}, with the options set so far. Holds stateLock. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private UringDatagramSocket open(InetSocketAddress local) throws IOException {
        Map<SocketOption<?>, Object> beforeBind = new HashMap<>(pending.snapshot());
        Object broadcast = beforeBind.remove(StandardSocketOptions.SO_BROADCAST);
        UringDatagramSocket s = backend.openDatagram(local, beforeBind);
        s.setInterruptPolicy(InterruptPolicy.IGNORE); // interrupts are the channel's: see ChannelInterrupts
        try {
            if (broadcast != null) {
                s.setOption(StandardSocketOptions.SO_BROADCAST, (Boolean) broadcast);
            }
            if (!isBlocking()) { // the mode chosen before the socket was made
                nonBlockingSide(s).nonBlocking(true);
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        socket = s;
        if (isRegistered()) {
            UringSelector.socketMade(this); // a poll for the key registered before the socket existed
        }
        return s;
    }

    /** The socket, bound now to the wildcard address if it was not (for an IPv6 target: "::"). */
    private UringDatagramSocket bound(InetSocketAddress target) throws IOException {
        UringDatagramSocket s = socket;
        if (s != null) {
            return s;
        }
        synchronized (stateLock) {
            ensureOpen();
            if (socket != null) {
                return socket;
            }
            InetAddress any = target != null && target.getAddress() instanceof Inet6Address
                    ? InetAddress.getByName("::") : InetAddress.getByName("0.0.0.0");
            return open(new InetSocketAddress(any, 0));
        }
    }

    @Override
    public DatagramChannel connect(SocketAddress remote) throws IOException {
        InetSocketAddress to = check(remote);
        readLock.lock();
        writeLock.lock();
        try {
            synchronized (stateLock) {
                ensureOpen();
                if (this.remote != null) {
                    throw new AlreadyConnectedException();
                }
            }
            bound(to).connect(to);
            this.remote = to;
        } finally {
            writeLock.unlock();
            readLock.unlock();
        }
        return this;
    }

    @Override
    public DatagramChannel disconnect() throws IOException {
        readLock.lock();
        writeLock.lock();
        try {
            UringDatagramSocket s = socket;
            if (isOpen() && s != null && remote != null) {
                s.disconnect();
                remote = null;
            }
        } finally {
            writeLock.unlock();
            readLock.unlock();
        }
        return this;
    }

    @Override
    public boolean isConnected() {
        return remote != null;
    }

    /** The connected address, kept after close (the socket adaptor reports it then, as the JDK's). */
    SocketAddress remote() {
        return remote;
    }

    @Override
    public SocketAddress getRemoteAddress() throws IOException {
        ensureOpen();
        return remote;
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        return receive(dst, Duration.ZERO);
    }

    /** A receive bounded by {@code timeout} (the socket adaptor's SO_TIMEOUT). */
    SocketAddress receive(ByteBuffer dst, Duration timeout) throws IOException {
        Objects.requireNonNull(dst);
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        readLock.lock();
        try {
            ensureOpen();
            UringDatagramSocket s = bound(null);
            if (!timeout.equals(timeoutInUse)) {
                s.setReadTimeout(timeout);
                timeoutInUse = timeout;
            }
            SocketAddress from = null;
            try {
                begin();
                from = s.receive(dst);
            } finally {
                end(from != null);
            }
            return from;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public int send(ByteBuffer src, SocketAddress target) throws IOException {
        Objects.requireNonNull(src);
        InetSocketAddress to = check(target);
        writeLock.lock();
        try {
            ensureOpen();
            SocketAddress r = remote;
            if (r != null && !r.equals(to)) {
                throw new AlreadyConnectedException();
            }
            UringDatagramSocket s = bound(to);
            int n = -1;
            try {
                begin();
                n = r != null ? s.write(src) : s.send(src, to);
            } finally {
                end(n >= 0);
            }
            return n;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst);
        if (remote == null) {
            ensureOpen();
            throw new NotYetConnectedException();
        }
        int before = dst.position();
        receive(dst);
        return dst.position() - before;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        // One datagram, spread over the buffers in order (as readv(2)); what does not fit is lost.
        return Scatter.read(dsts, offset, length, 65536, this::read);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src);
        SocketAddress r = remote;
        if (r == null) {
            ensureOpen();
            throw new NotYetConnectedException();
        }
        return send(src, r);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        int total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += srcs[i].remaining();
        }
        ByteBuffer one = ByteBuffer.allocate(total); // one datagram, as writev sends
        for (int i = offset; i < offset + length; i++) {
            one.put(srcs[i].duplicate());
        }
        int n = write(one.flip());
        for (int i = offset; i < offset + length; i++) {
            srcs[i].position(srcs[i].limit());
        }
        return n;
    }

    @Override
    public int eventsBeforeSocket() {
        return Poll.POLLOUT; // an unbound UDP socket is writable
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        ensureOpen();
        UringDatagramSocket s = socket;
        return s == null ? null : s.localAddress();
    }

    @Override
    public <T> DatagramChannel setOption(SocketOption<T> name, T value) throws IOException {
        SocketOptionsBeforeOpen.checkSet(OPTIONS, name, value);
        synchronized (stateLock) {
            ensureOpen();
            if (socket == null) {
                pending.set(name, value);
                return this;
            }
        }
        pending.checkSupported(name);
        socket.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        SocketOptionsBeforeOpen.checkGet(OPTIONS, name);
        ensureOpen();
        UringDatagramSocket s = socket;
        if (s == null) {
            return pending.get(name, false);
        }
        pending.checkSupported(name);
        return s.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return OPTIONS;
    }

    @Override
    public DatagramSocket socket() {
        synchronized (stateLock) {
            if (adaptor == null) {
                adaptor = DatagramSocketAdaptor.of(this);
            }
            return adaptor;
        }
    }

    /** Joins {@code group} on {@code interf} for datagrams from any source; see {@link #join(InetAddress, NetworkInterface, InetAddress)}. */
    @Override
    public MembershipKey join(InetAddress group, NetworkInterface interf) throws IOException {
        return innerJoin(group, interf, null);
    }

    /**
     * As {@link DatagramChannel#join(InetAddress, NetworkInterface, InetAddress)}: the same key for
     * the same membership, {@link IllegalStateException} for an any-source membership beside a
     * source-specific one of the same group and interface (either way round),
     * {@link IllegalArgumentException} for a group that is not multicast, an IPv6 group on an IPv4
     * channel, or a bad source; {@link ClosedChannelException} after close. An unbound channel is
     * bound to the wildcard address first.
     */
    @Override
    public MembershipKey join(InetAddress group, NetworkInterface interf, InetAddress source) throws IOException {
        Objects.requireNonNull(source);
        return innerJoin(group, interf, source);
    }

    private MembershipKey innerJoin(InetAddress group, NetworkInterface interf, InetAddress source) throws IOException {
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException("Group not a multicast address");
        }
        if (group instanceof Inet6Address && !inet6) {
            throw new IllegalArgumentException("Only IPv6 sockets can join IPv6 multicast group");
        }
        Objects.requireNonNull(interf, "interf");
        if (source != null) {
            UringMembershipKey.checkSource(group, source);
        }
        synchronized (stateLock) {
            ensureOpen();
            for (UringMembershipKey k : keys) {
                if (!k.group().equals(group) || !k.networkInterface().equals(interf)) {
                    continue;
                }
                if (source == null) {
                    if (k.sourceAddress() != null) {
                        throw new IllegalStateException("Already have source-specific membership");
                    }
                    return k;
                }
                if (k.sourceAddress() == null) {
                    throw new IllegalStateException("Already a member to receive all packets");
                }
                if (k.sourceAddress().equals(source)) {
                    return k;
                }
            }
            UringDatagramSocket s = socket != null ? socket : bound(new InetSocketAddress(group, 0));
            s.join(group, interf, source);
            UringMembershipKey k = new UringMembershipKey(this, group, interf, source);
            keys.add(k);
            return k;
        }
    }

    /** The any-source membership of {@code group} on {@code interf}, or null (for the socket adaptor). */
    MembershipKey findMembership(InetAddress group, NetworkInterface interf) {
        synchronized (stateLock) {
            for (UringMembershipKey k : keys) {
                if (k.group().equals(group) && k.networkInterface().equals(interf) && k.sourceAddress() == null) {
                    return k;
                }
            }
            return null;
        }
    }

    /** Leaves {@code k}'s membership (its {@code drop}). */
    void drop(UringMembershipKey k) {
        synchronized (stateLock) {
            if (!keys.remove(k)) {
                return;
            }
            UringDatagramSocket s = socket;
            if (isOpen() && s != null) {
                try {
                    s.leave(k.group(), k.networkInterface(), k.sourceAddress());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    /** Blocks or unblocks {@code source} in {@code k}'s any-source membership. */
    void block(UringMembershipKey k, InetAddress source, boolean block) throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            socket.block(k.group(), k.networkInterface(), source, block);
        }
    }

    @Override
    protected void implCloseSelectableChannel() throws IOException {
        UringDatagramSocket s;
        synchronized (stateLock) { // not while bind is making the socket
            s = socket;
            for (UringMembershipKey k : keys) {
                k.invalidate(); // the kernel drops the memberships with the socket
            }
            keys.clear();
        }
        if (s != null) {
            NonBlockingMode m = mode();
            SelChannel.beforeClose(this, m == null ? null : m.descriptor());
            s.close();
        }
    }

    private static NonBlockingMode nonBlockingSide(UringDatagramSocket s) {
        NonBlockingMode m = NonBlockingMode.of(s);
        if (m == null) {
            throw UringSelectorProvider.noNonBlocking();
        }
        return m;
    }

    /** Before the socket is made (bind, or the first send or receive) the mode is only remembered. */
    @Override
    protected void implConfigureBlocking(boolean block) throws IOException {
        if (backend == io.loomuring.Backend.JDK && !block) {
            throw UringSelectorProvider.noNonBlocking();
        }
        readLock.lock();
        try {
            writeLock.lock();
            try {
                synchronized (stateLock) {
                    if (socket != null) {
                        nonBlockingSide(socket).nonBlocking(!block);
                    }
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            readLock.unlock();
        }
    }

    /** Null until the socket is made. */
    @Override
    public NonBlockingMode mode() {
        UringDatagramSocket s = socket;
        return s == null ? null : NonBlockingMode.of(s);
    }

    boolean isBound() {
        return socket != null;
    }
}

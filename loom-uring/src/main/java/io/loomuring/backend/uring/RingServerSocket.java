package io.loomuring.backend.uring;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.loomuring.InterruptPolicy;
import io.loomuring.LoomUring;
import io.loomuring.UringServerSocket;
import io.loomuring.UringSocket;
import io.loomuring.backend.SockOpts;
import io.loomuring.internal.Blocking;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Fds;
import io.loomuring.internal.Net;
import io.loomuring.internal.NonBlocking;
import io.loomuring.internal.SocketFd;
import io.loomuring.internal.Style;
import io.loomuring.internal.jfr.IoEvents;
import io.loomuring.internal.memory.SockAddr;
import io.loomuring.internal.op.AcceptOp;
import io.loomuring.internal.op.MultishotAcceptOp;
import io.loomuring.poller.IoRing;
import io.loomuring.poller.PollerClosedException;
import io.loomuring.poller.PollerGroup;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.spi.Descriptor;
import io.loomuring.spi.NonBlockingAccept;
import io.loomuring.spi.NonBlockingCapable;

/**
 * {@link UringServerSocket} on io_uring.
 *
 * <h2>Accept</h2>
 * One multishot {@code ACCEPT} (Linux 5.19+) serves every thread accepting on the socket: the ring
 * thread puts each accepted fd in a queue and accepters take from it, parking while it is empty.
 * The queue is bounded by the backlog: when it fills (nobody is accepting), the multishot request
 * is cancelled and the kernel's own backlog takes over, as without it; so is it when an accept
 * times out with no other thread waiting. The next accept re-arms it.
 * The multishot request counts as an operation on the descriptor, so close cancels it and the fd
 * is closed after its last CQE, and close returns only then, so that the port is free when it
 * returns; fds still queued at close are closed. A kernel that refuses
 * multishot accept (EINVAL) gets one single-shot {@code ACCEPT} per call instead.
 */
final class RingServerSocket extends UringServerSocket implements NonBlockingCapable, NonBlockingAccept {
    /** In the ready queue: not an fd, a nudge to re-check (closed, or the multishot request ended). */
    private static final int WAKE = Integer.MIN_VALUE;

    private final FdHandle h;
    private final int family;
    private final PollerGroup group;
    private final SocketAddress local;
    private final int bound;                                    // most fds queued before disarming
    private final AcceptQueue ready = new AcceptQueue();
    private final AtomicReference<MultishotAcceptOp> armed = new AtomicReference<>();
    private volatile MultishotAcceptOp cancelSent;              // the armed request a full queue cancelled
    private volatile boolean multishotRefused;
    private volatile boolean delivered;                         // the multishot request ever gave an fd
    private volatile boolean nonBlocking;                       // O_NONBLOCK set, no multishot armed (NonBlockingMode)

    private RingServerSocket(FdHandle h, int family, PollerGroup group, SocketAddress local, int backlog) {
        this.h = h;
        this.family = family;
        this.group = group;
        this.local = local;
        this.bound = Math.max(16, backlog);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static RingServerSocket bind(SocketAddress local, int backlog, Map<SocketOption<?>, ?> options)
            throws IOException {
        int family = SockAddr.family(local);
        PollerGroup group = LoomUring.pollers();
        FdHandle h = SocketFd.open(group, family, SocketConstants.SOCK_STREAM);
        int fd = h.fd();
        boolean ok = false;
        try {
            if (family != SocketConstants.AF_UNIX) {
                SockOpts.set(fd, family, StandardSocketOptions.SO_REUSEADDR, true);
            }
            if (family == SocketConstants.AF_INET6) {
                Net.setInt(fd, SocketConstants.IPPROTO_IPV6, SocketConstants.IPV6_V6ONLY, 0); // dual stack
            }
            for (Map.Entry<SocketOption<?>, ?> e : options.entrySet()) {
                SockOpts.set(fd, family, (SocketOption) e.getKey(), e.getValue());
            }
            int r = Net.bind(fd, local, family);
            if (r < 0) {
                throw Errors.forSocket(r, "bind to " + local);
            }
            r = Net.listen(fd, backlog < 1 ? 50 : backlog);
            if (r < 0) {
                throw Errors.forSocket(r, "listen");
            }
            ok = true;
            return new RingServerSocket(h, family, group, Net.name(fd, false), backlog < 1 ? 50 : backlog);
        } finally {
            if (!ok) {
                h.close();
            }
        }
    }

    @Override
    public UringSocket accept(Duration timeout) throws IOException {
        return IoEvents.socketAccept(() -> accept0(timeout), s -> ((RingSocket) s).knownRemote());
    }

    private UringSocket accept0(Duration timeout) throws IOException {
        if (h.isClosing()) {
            throw new SocketException("Socket closed");
        }
        long deadline = timeout.isZero() ? 0 : System.nanoTime() + timeout.toNanos();
        while (!multishotRefused) {
            arm();
            Integer r;
            r = take(deadline);
            if (r == null) {
                disarmIfNobodyWaits();
                throw Style.SOCKET.timedOut("Accept");
            }
            int fd = r;
            if (fd == WAKE) {
                if (h.isClosing()) {
                    ready.offer(WAKE); // pass the news on to the next waiter
                    throw Style.SOCKET.asyncClosed();
                }
                continue;
            }
            if (fd < 0) {
                throw Errors.forSocket(fd, "accept");
            }
            if (h.isClosing()) {
                Fds.close(fd);
                ready.offer(WAKE);
                throw Style.SOCKET.asyncClosed();
            }
            return accepted(fd, Net.acceptedPeer(fd, family));
        }
        return acceptOne(deadline == 0 ? 0 : Math.max(1, deadline - System.nanoTime()));
    }

    /**
     * The next entry of the ready queue, waiting until {@code deadline} (0: none); null on timeout.
     * An interrupt the policy acts on closes the socket, as the JDK's accept does; one it does not
     * act on is kept as the thread's status for when the accept returns.
     */
    private Integer take(long deadline) throws IOException {
        boolean ignored = false;
        try {
            while (true) {
                try {
                    return ready.take(deadline, armed.get());
                } catch (InterruptedException e) {
                    if (h.interruptPolicy().actsOn(Thread.currentThread())) {
                        close();
                        Thread.currentThread().interrupt();
                        throw Style.SOCKET.interrupted();
                    }
                    ignored = true;
                }
            }
        } finally {
            if (ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Arms the multishot request unless it is armed, refused, or the queue still holds entries.
     * Re-arming only once the queue is empty keeps an error meaning "now": a request armed while
     * the accepter still held the descriptors of an EMFILE would fail at once, and its stale EMFILE
     * would be handed to the accept after the descriptors had been freed.
     */
    private void arm() throws IOException {
        if (armed.get() != null || multishotRefused || nonBlocking || ready.size() > 0) {
            return;
        }
        MultishotAcceptOp op = new MultishotAcceptOp(h.fd(), new Sink());
        if (!armed.compareAndSet(null, op)) {
            return;
        }
        if (!h.begin()) {
            armed.set(null);
            throw Style.SOCKET.closed();
        }
        IoRing ring = Blocking.ringFor(h); // the accepting carrier's ring: accepted fds arrive where the accepter runs
        try {
            h.usedRing(ring);
            ring.submitDetached(op);
        } catch (PollerClosedException e) {
            armed.set(null);
            h.end();
            throw e;
        }
        // A close that began before this submission may have sent its cancel-by-fd ahead of it
        // (as in Blocking.run): cancel it by its own user_data.
        if (h.isClosing() && ring.cancel(op)) {
            armed.set(null); // abandoned before the kernel saw it: no CQE will come
            h.end();
        }
    }

    /**
     * After an accept timed out: with no other thread waiting, cancels the multishot request, so
     * that connections arriving now stay in the kernel's backlog (as without it) instead of being
     * taken up to the queue's bound. The next accept arms it again.
     */
    private void disarmIfNobodyWaits() {
        MultishotAcceptOp op = armed.get();
        if (op != null && !ready.hasWaiters() && op.ring().cancel(op) && armed.compareAndSet(op, null)) {
            h.end(); // abandoned before the kernel saw it: no CQE will come
        }
    }

    /** The multishot request's CQEs, on the thread of the ring it went to (the shared ring thread or a carrier). */
    private final class Sink implements MultishotAcceptOp.Sink {
        @Override
        public void accepted(int res) {
            if (res >= 0) {
                delivered = true;
                if (h.isClosing()) {
                    Fds.close(res);
                    return;
                }
            }
            ready.offer(res);
            MultishotAcceptOp op = armed.get();
            if (op != null && ready.size() >= bound && cancelSent != op) {
                cancelSent = op; // once: every later accept of a flood would send one more
                op.ring().cancel(op); // nobody is accepting: leave the rest in the kernel's backlog
            }
        }

        @Override
        public void ended(int res) {
            if (res >= 0) {
                accepted(res);
            } else if (res == -Errno.EINVAL && !delivered) {
                multishotRefused = true; // no multishot accept here: single-shot from now on
            } else if (res != -Errno.ECANCELED) {
                ready.offer(res); // one accepter gets the error, as accept(2) would give it
            }
            armed.set(null);
            ready.offer(WAKE);
            Thread.startVirtualThread(h::end); // the last one out closes the fd, through the ring: not here
        }
    }

    /** One single-shot {@code ACCEPT} through the blocking bracket. */
    private UringSocket acceptOne(long timeoutNanos) throws IOException {
        AcceptOp op = new AcceptOp(h.fd());
        try {
            int fd = Blocking.run(h, op, timeoutNanos, Style.SOCKET, "Accept");
            if (fd < 0) {
                throw Errors.forSocket(fd, "accept");
            }
            return accepted(fd, op.peer());
        } finally {
            Blocking.release(op);
        }
    }

    @Override
    public NonBlockingAccept nonBlockingSide() {
        return this;
    }

    @Override
    public Descriptor descriptor() {
        return h;
    }

    /**
     * Non-blocking mode also disarms the multishot accept: while it is armed it takes connections
     * off the kernel's queue, and a selector polling the socket would never see them.
     */
    @Override
    public void nonBlocking(boolean on) throws IOException {
        nonBlocking = on;
        if (on) {
            MultishotAcceptOp op = armed.get();
            if (op != null) {
                op.ring().cancel(op);
            }
        }
        NonBlocking.configure(h, on);
    }

    @Override
    public boolean isNonBlocking() {
        return nonBlocking;
    }

    @Override
    public UringSocket acceptNow() throws IOException {
        if (h.isClosing()) {
            throw new SocketException("Socket closed");
        }
        for (Integer r; (r = ready.poll()) != null; ) { // taken by the multishot request before the mode changed
            if (r >= 0) {
                return accepted(r, Net.acceptedPeer(r, family));
            } else if (r != WAKE) {
                throw Errors.forSocket(r, "accept");
            }
        }
        int fd = NonBlocking.accept(h);
        if (fd >= 0) {
            return accepted(fd, Net.acceptedPeer(fd, family));
        }
        if (NonBlocking.wouldBlock(fd) || fd == -Errno.ECONNABORTED) {
            return null;
        }
        throw Errors.forSocket(fd, "accept");
    }

    /** A socket for accepted {@code fd}, with this socket's interrupt policy. */
    private RingSocket accepted(int fd, SocketAddress peer) {
        FdHandle a = FdHandle.streamSocket(fd, group.forFd(fd));
        a.interruptPolicy(h.interruptPolicy());
        return new RingSocket(a, family, peer);
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        if (h.isClosing()) {
            throw new SocketException("Socket closed");
        }
        return local;
    }

    @Override
    public <T> UringServerSocket setOption(SocketOption<T> name, T value) throws IOException {
        if (h.isClosing()) {
            throw new SocketException("Socket closed");
        }
        SockOpts.set(h.fd(), family, name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        if (h.isClosing()) {
            throw new SocketException("Socket closed");
        }
        return SockOpts.get(h.fd(), family, name);
    }

    @Override
    public void setInterruptPolicy(InterruptPolicy policy) {
        h.interruptPolicy(policy);
    }

    @Override
    public boolean isOpen() {
        return !h.isClosing();
    }

    @Override
    public void close() {
        if (!h.close()) { // as with the JDK, a Unix domain socket's file stays: the caller deletes it
            return;
        }
        for (Integer r; (r = ready.poll()) != null; ) {
            if (r >= 0) {
                Fds.close(r); // accepted by the kernel, never by the application
            }
        }
        ready.offer(WAKE); // waiters see the close and pass it on
        h.awaitFdClosed(); // as with the JDK, the port is free when close returns
    }

    @Override
    public String toString() {
        return "UringServerSocket[" + local + ", " + h + "]";
    }
}

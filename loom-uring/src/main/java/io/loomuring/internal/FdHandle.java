package io.loomuring.internal;

import java.util.concurrent.locks.LockSupport;

import io.loomuring.InterruptPolicy;
import io.loomuring.internal.op.CloseOp;
import io.loomuring.poller.IoRing;
import io.loomuring.poller.Poller;
import io.loomuring.poller.PollerClosedException;
import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.spi.Descriptor;

/**
 * An open descriptor and the operations using it. {@code close(2)} neither cancels in-flight
 * io_uring operations nor keeps the fd number from being reused at once, so closing is done in
 * steps, as the JDK's {@code NioSocketImpl} does:
 * <ol>
 *   <li>pre-close: set the closing bit, so no new operation begins;</li>
 *   <li>cancel every in-flight operation on the fd ({@code IORING_ASYNC_CANCEL_FD | ALL}). An
 *       operation handed to the ring after that cancel is caught by its own thread, which checks
 *       the closing bit after submitting and cancels it by {@code user_data} (see
 *       {@link Blocking#run});</li>
 *   <li>the last operation to leave ({@link #end}) — or {@link #close} itself when none is inside —
 *       closes the fd, through the ring (a regular file's by a direct {@code close(2)}, {@link #ofFile}). A reused fd number can therefore never receive an old
 *       operation's data.</li>
 * </ol>
 *
 * <p>The whole protocol is one atomic word, a {@link CloseGate}: whoever takes it to exactly
 * "closing, none inside" closes the fd, once.
 *
 * <p>A stream socket whose {@code SO_LINGER} is on with a positive time may block in
 * {@code close(2)} until its unsent data is acknowledged or the time runs out; the kernel runs an
 * {@code IORING_OP_CLOSE} inline on the thread that submits it, which would stall every other
 * operation of the ring. Such a socket is closed by {@link LingeringClose} instead: only the
 * closing thread waits.
 *
 * <p>Threads: any.
 */
public final class FdHandle implements Descriptor {
    private final int fd;
    private final Poller poller;                           // the ring that owns every operation on this fd
    private final CloseGate gate = new CloseGate();
    private final boolean streamSocket;                    // close may linger (SO_LINGER)
    private final boolean closeOnCaller;                   // a file: close(2) on the closing thread, not the ring
    private volatile boolean fdClosed;                     // written once, by the thread that closed the fd
    private volatile Thread closeWaiter;                   // the thread in awaitFdClosed, if any
    private volatile InterruptPolicy interrupts = InterruptPolicy.CLOSE; // set by the owner, read by Blocking
    private volatile java.util.function.BooleanSupplier interruptExempt;  // null: none; asked when an interrupt is seen
    private volatile IoRing[] otherRings = NO_RINGS;      // carrier rings that had operations here; copy on write
    private static final IoRing[] NO_RINGS = new IoRing[0];

    public FdHandle(int fd, Poller poller) {
        this(fd, poller, false, false);
    }

    private FdHandle(int fd, Poller poller, boolean streamSocket, boolean closeOnCaller) {
        this.fd = fd;
        this.poller = poller;
        this.streamSocket = streamSocket;
        this.closeOnCaller = closeOnCaller;
    }

    /**
     * A regular file's descriptor. With {@code closeOnCaller} its {@code close(2)} is a direct
     * system call by the thread that closes it last (a file's close does not block; through a ring
     * it costs a park and a resume, and off a carrier ring a hand-off and a wake-up too), as safe
     * as the ring's: no operation is inside by then.
     */
    public static FdHandle ofFile(int fd, Poller poller, boolean closeOnCaller) {
        return new FdHandle(fd, poller, false, closeOnCaller);
    }

    /** A handle on a stream socket: its close checks {@code SO_LINGER} (see the class comment). */
    public static FdHandle streamSocket(int fd, Poller poller) {
        return new FdHandle(fd, poller, true, false);
    }

    @Override
    public int fd() {
        return fd;
    }

    public Poller poller() {
        return poller;
    }

    /**
     * Notes that an operation on this descriptor goes to {@code ring}: a close cancels in every
     * ring that had one (carrier rings besides the home ring).
     */
    public void usedRing(IoRing ring) {
        if (ring == poller) {
            return;
        }
        for (IoRing r : otherRings) {
            if (r == ring) {
                return;
            }
        }
        synchronized (this) { // once per carrier ring and descriptor
            IoRing[] rs = otherRings;
            for (IoRing r : rs) {
                if (r == ring) {
                    return;
                }
            }
            IoRing[] more = java.util.Arrays.copyOf(rs, rs.length + 1);
            more[rs.length] = ring;
            otherRings = more;
        }
    }

    /** What an interrupt does to this descriptor's blocked operations. */
    public InterruptPolicy interruptPolicy() {
        return interrupts;
    }

    public void interruptPolicy(InterruptPolicy policy) {
        interrupts = java.util.Objects.requireNonNull(policy);
    }

    /** Waives the policy for an interrupt seen while {@code exempt} returns true (see {@code spi.InterruptExemptible}). */
    public void interruptExempt(java.util.function.BooleanSupplier exempt) {
        interruptExempt = exempt;
    }

    /**
     * Whether an interrupt of {@code t}, seen now by one of this descriptor's operations, cancels it:
     * the policy's answer, unless the exemption holds at this moment. Ask only once an interrupt is
     * seen: the exemption may be dear.
     */
    public boolean actsOnInterrupt(Thread t) {
        if (!interrupts.actsOn(t)) {
            return false;
        }
        java.util.function.BooleanSupplier e = interruptExempt;
        return e == null || !e.getAsBoolean();
    }

    /** Whether close has begun. */
    @Override
    public boolean isClosing() {
        return gate.isClosing();
    }

    /** Enters an operation; false when the descriptor is closed or closing. */
    @Override
    public boolean begin() {
        return gate.enter();
    }

    /** Leaves an operation; the last one out after a close closes the fd. */
    @Override
    public void end() {
        if (gate.exit()) {
            closeFd();
        }
    }

    /**
     * Closes the descriptor: at once when no operation is inside, otherwise by the last one to
     * leave after every in-flight one has been cancelled. Returns true for the call that started
     * the close; later calls return false and do nothing.
     */
    public boolean close() {
        switch (gate.close()) {
            case NONE -> {
                return false;
            }
            case CLOSE_NOW -> closeFd();
            case CANCEL_INSIDE -> {
                poller.cancelAll(fd);
                for (IoRing r : otherRings) {
                    r.cancelAll(fd);
                }
            }
        }
        return true;
    }

    private void closeFd() {
        int r;
        if (streamSocket && Net.getInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_LINGER) > 0) {
            r = LingeringClose.close(fd);
        } else if (closeOnCaller) {
            r = Fds.close(fd);
        } else {
            try {
                r = CarrierScheduler.ringOr(poller).execute(new CloseOp(fd));
            } catch (PollerClosedException e) {
                r = Fds.close(fd);
            }
        }
        fdClosed = true;
        Thread waiter = closeWaiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
        if (r < 0 && r != -Errno.EINTR) {
            System.getLogger("io.loomuring").log(System.Logger.Level.WARNING,
                    "close(" + fd + ") failed: " + Errors.describe(r));
        }
    }

    /**
     * Waits until the fd itself is closed: the last operation inside has left and {@code close(2)}
     * has returned. For one thread at a time (the one that called {@link #close}), after
     * {@link #close}. Not interruptible: an interrupt is kept as the thread's status.
     */
    public void awaitFdClosed() {
        if (fdClosed) {
            return;
        }
        closeWaiter = Thread.currentThread();
        boolean interrupted = false;
        IoRing here = CarrierScheduler.currentRing();    // pinned here, this carrier's ring must still be reaped
        while (!fdClosed) {                               // re-read after publishing closeWaiter
            if (here != null) {
                here.beforePark();
            }
            LockSupport.park(this);
            if (here != null) {
                here.waiterWoke(null);
            }
            interrupted |= Thread.interrupted();          // park returns at once while the status is set
        }
        closeWaiter = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "fd " + fd + (isClosing() ? " (closed)" : "");
    }
}

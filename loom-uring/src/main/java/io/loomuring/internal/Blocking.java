package io.loomuring.internal;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

import io.loomuring.internal.op.SimpleOp;
import io.loomuring.poller.IoRing;
import io.loomuring.poller.Operation;
import io.loomuring.poller.PollerClosedException;
import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.kernel.Errno;

/**
 * The bracket around every blocking call: begin on the descriptor, submit, park until the
 * operation's own CQE, end — with interrupt, asynchronous close and timeout handled here and
 * nowhere else.
 *
 * <ul>
 *   <li><b>Interrupt</b>: a queued operation is abandoned (never submitted); a submitted one is
 *       cancelled by its {@code user_data} and waited for. Then the descriptor is closed and the
 *       style's "interrupted" exception thrown, with the interrupt status kept set (as the JDK
 *       does). A thread already interrupted on entry closes the descriptor without submitting.
 *       Only where the descriptor's {@link io.loomuring.InterruptPolicy} acts on the thread: otherwise
 *       the operation goes on and the interrupt status is restored when it returns.</li>
 *   <li><b>Asynchronous close</b>: the operation is cancelled and waited for; if it ended without
 *       a result the style's "closed under you" exception is thrown. A result that arrived anyway
 *       is returned: no data is lost.</li>
 *   <li><b>Timeout</b>: a linked {@code IORING_OP_LINK_TIMEOUT} cancels the operation in the
 *       kernel; {@code -ECANCELED} then becomes the style's timeout exception and the descriptor
 *       stays usable.</li>
 * </ul>
 * The caller's memory is never handed back before the CQE: every path waits for it.
 */
public final class Blocking {
    private Blocking() {}

    /**
     * Runs {@code op} on {@code h}'s ring and returns the CQE's {@code res} ({@code >= 0}, or
     * {@code -errno} for the caller to map — never {@code -ECANCELED} from interrupt, close or
     * timeout, which become exceptions here).
     *
     * @param timeoutNanos {@code > 0}: bound the operation; 0: none
     * @param what         names the call in a timeout message ("Read", "Accept", ...)
     */
    public static int run(FdHandle h, Operation op, long timeoutNanos, Style style, String what)
            throws IOException {
        return run(h, ringFor(h), op, timeoutNanos, style, what);
    }

    /**
     * The ring an operation of the calling thread on {@code h} goes to: the ring of the carrier it
     * runs on when it is a virtual thread of a {@link CarrierScheduler}, else the descriptor's home
     * ring. Choose it before building an operation that depends on the ring (provided buffers), and
     * pass it to {@link #run(FdHandle, IoRing, Operation, long, Style, String)} without parking in
     * between.
     */
    public static IoRing ringFor(FdHandle h) {
        return CarrierScheduler.ringOr(h.poller());
    }

    /** {@link #run(FdHandle, Operation, long, Style, String)} on a ring chosen by {@link #ringFor}. */
    public static int run(FdHandle h, IoRing ring, Operation op, long timeoutNanos, Style style, String what)
            throws IOException {
        if (!h.begin()) {
            throw style.closed();
        }
        Thread me = Thread.currentThread();
        boolean interrupted = me.isInterrupted() && h.actsOnInterrupt(me);
        boolean ignored = false;                           // an interrupt not acted on: restored at the end
        try {
            if (!interrupted) {
                if (timeoutNanos > 0) {
                    op.linkTimeout(timeoutNanos);
                }
                h.usedRing(ring);
                ring.submit(op);
                // A close that began before this submission may have sent its cancel-by-fd ahead
                // of the operation: then the closing bit is visible here, and the operation is
                // cancelled by its own user_data.
                boolean cancelled = false;
                if (h.isClosing()) {
                    cancelled = true;
                    ring.cancel(op);
                }
                while (!op.isDone()) {
                    ring.beforePark();
                    LockSupport.park(op);
                    ring.waiterWoke(op); // a carrier ring, if the park pinned the carrier: reap here
                    // Thread.interrupted() clears the status so park can block again while the
                    // cancel completes; it is restored below.
                    if (Thread.interrupted()) {
                        if (interrupted || h.actsOnInterrupt(me)) {
                            interrupted = true;
                        } else {
                            ignored = true;
                        }
                    }
                    if (!cancelled && (interrupted || h.isClosing())) {
                        cancelled = true;
                        ring.cancel(op);
                    }
                }
            }
        } finally {
            h.end();
            if (ignored) {
                me.interrupt();
            }
        }
        if (interrupted) {
            h.close();
            me.interrupt();
            throw style.interrupted();
        }
        if (op.state() == Operation.FAILED) {
            Throwable f = op.failure();
            throw f instanceof IOException io ? io : new PollerClosedException(String.valueOf(f), f);
        }
        boolean noResult = op.state() == Operation.ABANDONED || op.result() == -Errno.ECANCELED;
        if (noResult && h.isClosing()) {
            throw style.asyncClosed();
        }
        if (noResult && timeoutNanos > 0) {
            throw style.timedOut(what);
        }
        return op.result();
    }

    /**
     * Waits on {@code h}'s ring until one of {@code events} ({@code poll(2)} bits) is ready, or
     * {@code timeoutNanos} ({@code > 0}) passes; returns the ready events ({@code POLLERR} and
     * {@code POLLHUP} are always among them when they hold), or {@code -errno}.
     * Interrupt, close and timeout as {@link #run}.
     */
    public static int poll(FdHandle h, int events, long timeoutNanos, Style style, String what) throws IOException {
        return run(h, SimpleOp.poll(h.fd(), events), timeoutNanos, style, what);
    }

    /**
     * Releases {@code op}'s memory unless the kernel may still own it (then it is kept: a leak, never
     * a reuse). An operation never submitted (NEW: the descriptor was closed, or the thread
     * interrupted, before it went to the ring) is released too: the kernel never saw it.
     */
    public static void release(Operation op) {
        if (op.state() == Operation.NEW || op.isDone() && !op.kernelMayOwn()) {
            op.releaseOnce();
        }
    }
}

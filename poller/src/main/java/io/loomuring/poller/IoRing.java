package io.loomuring.poller;

import java.util.concurrent.locks.LockSupport;

/**
 * A ring an operation can be submitted to: the shared ring thread ({@link Poller}) or the ring of
 * the carrier the calling virtual thread runs on ({@code poller.carrier}). Both drive a {@link RingOwner}.
 * An operation remembers the ring it went to ({@link Operation#ring()}); its cancel goes there.
 *
 * <p>Threads: {@link #submit}, {@link #submitDetached} and {@link #execute} from a thread allowed
 * to submit to the ring (any thread for the shared ring; a virtual thread mounted on the carrier
 * for a carrier ring — see {@code CarrierScheduler.ringOr}); {@link #cancel} and
 * {@link #cancelAll} from any thread.
 */
public interface IoRing {
    /**
     * Submits {@code op}; the calling thread becomes the waiter that its completion unparks.
     *
     * @throws PollerClosedException the ring is closed; {@code op} was not queued
     */
    void submit(Operation op) throws PollerClosedException;

    /**
     * Submits {@code op} with no waiter: nobody is unparked when it completes (multishot requests,
     * whose CQEs are handled on the ring's thread).
     *
     * @throws PollerClosedException the ring is closed; {@code op} was not queued
     */
    void submitDetached(Operation op) throws PollerClosedException;

    /**
     * Submits {@code op} and parks until its final completion. Interrupts do not end the wait (the
     * operation owns kernel-visible memory until its CQE); the interrupt status is restored.
     *
     * @return the CQE's {@code res}: a count, an fd, or {@code -errno}
     * @throws PollerClosedException the ring closed before the operation completed
     */
    default int execute(Operation op) throws PollerClosedException {
        submit(op);
        return await(op);
    }

    /**
     * As {@link #execute}, for an operation the kernel usually completes while it is submitted (a
     * read of cached data, a chain of such steps): where the calling thread may drive the ring
     * itself — a virtual thread mounted on the carrier whose ring this is — it submits at once and
     * handles the completions that are there, and returns without parking when its own is among
     * them. Elsewhere it is {@link #execute}.
     *
     * @return the CQE's {@code res}: a count, an fd, or {@code -errno}
     * @throws PollerClosedException the ring is closed or closed before the operation completed
     */
    default int executeNow(Operation op) throws PollerClosedException {
        submit(op);
        enterNow();
        return await(op);
    }

    /**
     * Submits what is prepared and handles the completions that are there, when the calling thread
     * may drive this ring now; else nothing.
     */
    default void enterNow() {
    }

    /**
     * Parks until the submitted {@code op} is done, ignoring interrupts (restored on return).
     *
     * @return the CQE's {@code res}
     * @throws PollerClosedException the ring closed before the operation completed
     */
    private int await(Operation op) throws PollerClosedException {
        boolean interrupted = false;
        while (!op.isDone()) {
            beforePark();
            LockSupport.park(op);
            waiterWoke(op);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = op.failure();
        if (f != null) {
            throw f instanceof PollerClosedException p ? p : new PollerClosedException(f.toString(), f);
        }
        return op.result();
    }

    /**
     * Asks for {@code op} to end early; true when it was abandoned before the kernel saw it (no
     * CQE will come), false when a cancel was sent and its CQE must still be waited for.
     */
    boolean cancel(Operation op);

    /** Cancels every operation on {@code fd} in this ring ({@code IORING_ASYNC_CANCEL_FD | ALL}). */
    void cancelAll(int fd);

    /** The ring's provided buffers (group 0), or null. */
    ProvidedBuffers providedBuffers();

    /** Called by the waiter just before it parks for an operation in this ring. */
    default void beforePark() {
    }

    /**
     * Called by the waiter each time it wakes without its operation done: a ring whose completions
     * need the waiter's own OS thread (a carrier ring, when the waiter is pinned to it) reaps here.
     * {@code op} null: the waiter waits for something else this ring's completions lead to (a
     * descriptor's close), and the ring is reaped whenever the waiter runs on its carrier.
     */
    default void waiterWoke(Operation op) {
    }
}

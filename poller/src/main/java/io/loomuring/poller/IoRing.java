package io.loomuring.poller;

/**
 * A ring an operation can be submitted to: the shared ring thread ({@link Poller}) or the ring of
 * the carrier the calling virtual thread runs on ({@link CarrierRing}).
 * An operation remembers the ring it went to ({@link Operation#ring()}); its cancel goes there.
 *
 * <p>Threads: {@link #submit} from the thread that will wait for the operation; {@link #cancel}
 * and {@link #cancelAll} from any thread.
 */
public interface IoRing {
    /**
     * Submits {@code op}; the calling thread becomes the waiter that its completion unparks.
     *
     * @throws PollerClosedException the ring is closed; {@code op} was not queued
     */
    void submit(Operation op) throws PollerClosedException;

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
     */
    default void waiterWoke(Operation op) {
    }
}

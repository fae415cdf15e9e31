package io.loomuring.poller;

/**
 * The ring thread's half of the {@link Operation} lifecycle: what it does when an operation's
 * final CQE arrives and when it fails an operation at close. The poller is its only production
 * caller; it is public so that the lifecycle's races can be driven without a ring, a test actor
 * playing the ring thread (the jcstress tests in {@code stress/}).
 */
public final class RingSide {
    private RingSide() {}

    /**
     * The final CQE of {@code op} (which must be SUBMITTED or ORPHANED): publishes {@code res} and
     * unparks the waiter (SUBMITTED → COMPLETED), or releases an orphan's resources
     * (ORPHANED → RELEASED).
     *
     * @throws AssertionError in any other state
     */
    public static void complete(Operation op, int res, int flags) {
        op.onCompletion(res, flags, null);
    }

    /**
     * Fails a QUEUED or SUBMITTED operation without a kernel result (the poller is closing) and
     * wakes its waiter; returns false when it was in another state.
     */
    public static boolean fail(Operation op, Throwable why) {
        return op.fail(why);
    }
}

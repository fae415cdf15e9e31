package io.loomuring;

/**
 * What an interrupt does to a thread blocked in (or entering) an operation on a loom-uring file or
 * socket. The JDK's classes differ here, and the compat adapters pick the policy of the class they
 * stand in for.
 *
 * <p>On the JDK backend the JDK class underneath keeps its own behaviour.
 */
public enum InterruptPolicy {
    /**
     * As {@link java.nio.channels.InterruptibleChannel}s, on any thread: the operation is cancelled,
     * the file or socket closed, and the "interrupted" exception thrown with the interrupt status
     * set. The default.
     */
    CLOSE,
    /**
     * As {@link java.net.Socket} and {@link java.net.ServerSocket}: {@link #CLOSE} on a virtual
     * thread; on a platform thread the interrupt is not acted on (the call goes on, its timeout
     * still applies) and the interrupt status stays set.
     */
    CLOSE_ON_VIRTUAL_THREADS,
    /**
     * As the streams of {@link java.nio.file.Files#newInputStream} and
     * {@link java.nio.file.Files#newOutputStream}: never acted on; the interrupt status stays set.
     */
    IGNORE;

    /** Whether an interrupt of {@code t} cancels its operation under this policy. */
    public boolean actsOn(Thread t) {
        return this == CLOSE || (this == CLOSE_ON_VIRTUAL_THREADS && t.isVirtual());
    }
}

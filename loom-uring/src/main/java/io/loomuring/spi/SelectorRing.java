package io.loomuring.spi;

import java.io.IOException;
import java.util.ServiceLoader;

import io.loomuring.poller.RingStats;

/**
 * A selector's own ring: one-shot polls of registered descriptors, a wake-up, and the selection's
 * {@code io_uring_enter} — a ring owner like every other loom-uring ring, driven by whichever
 * thread holds the selector's lock. Without {@code SINGLE_ISSUER} (the selecting thread may
 * change) and with {@code COOP_TASKRUN}: a poll's completion runs as task work at the selecting
 * thread's next system call instead of an IPI that would interrupt it (docs/design/selectors.md).
 *
 * <p>Threads: {@link #arm}, {@link #remove}, {@link #submitAndReap}, {@link #awaitCompletions},
 * {@link #takeWake()} and {@link #close} by the thread holding the selector's lock;
 * {@link #signal()} and {@link #cancelPolls} from any thread.
 */
public interface SelectorRing extends AutoCloseable {
    /** What the selection does with a poll's completion; runs on the selecting thread, must not block. */
    @FunctionalInterface
    interface Handler {
        /**
         * {@code poll}, armed for {@code key}, completed: the ready {@link Poll} events, or
         * {@code -errno} ({@code -ECANCELED} after {@link #remove}). A key may have a newer poll
         * armed by then: compare with what {@link #arm} returned.
         */
        void polled(Object key, Object poll, int res);
    }

    /**
     * Sets up a selector's ring on the io_uring backend; {@code handler} receives the polls'
     * completions.
     *
     * @throws IOException                   the kernel refused (the reason named)
     * @throws UnsupportedOperationException loom-uring's io_uring backend is missing
     */
    static SelectorRing open(String name, Handler handler) throws IOException {
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, SelectorRing.class.getClassLoader())) {
            if (p.name().equals("uring")) {
                return p.openSelectorRing(name, handler);
            }
        }
        throw new UnsupportedOperationException("loom-uring's io_uring backend is missing (no BackendProvider \"uring\")");
    }

    /**
     * Arms a one-shot poll of {@code events} on {@code fd} for {@code key}; the SQE is written now
     * and submitted by the next {@link #submitAndReap}. The caller keeps the descriptor entered until
     * then. Returns the poll, for {@link #remove}.
     */
    Object arm(int fd, int events, Object key) throws IOException;

    /** Removes an armed poll: it completes with {@code -ECANCELED} (or its readiness, if first). */
    void remove(Object poll);

    /**
     * Arms the wake-up (if it is not) and enters once: submits what is armed and, when
     * {@code wait}, waits for a completion at most {@code timeoutNanos} (0: no limit); handles the
     * completions there. Returns how many.
     */
    int submitAndReap(boolean wait, long timeoutNanos);

    /**
     * A selecting virtual thread's wait: parks in its own loom-uring ring on a poll of this ring's
     * fd until a completion is posted (at most {@code timeoutNanos}; 0: no limit), then enters once
     * to run the task work that posts them, and handles them. Returns how many.
     */
    int awaitCompletions(long timeoutNanos) throws IOException;

    /** Whether a completion waits to be handled (a memory read). */
    boolean completionsReady();

    /** Whether the wake-up fired since the last call (and clears it). */
    boolean takeWake();

    /** Writes the wake-up's eventfd: the current or next wait ends. Any thread. */
    void signal();

    /** The ring's counters. */
    RingStats stats();

    /**
     * Cancels every poll of {@code fd} in this ring at once ({@code IORING_REGISTER_SYNC_CANCEL}):
     * an armed poll holds the file, and a channel closed while registered would otherwise stay
     * open until the next selection. Any thread.
     */
    void cancelPolls(int fd);

    /**
     * Closes the ring: its polls are cancelled and drained, then the ring and its eventfd close
     * (a {@link #signal} racing the close never writes a reused number). The selector's lock
     * holder, once.
     */
    @Override
    void close();
}

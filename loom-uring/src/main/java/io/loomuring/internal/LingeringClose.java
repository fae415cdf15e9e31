package io.loomuring.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code close(2)} of a socket whose {@code SO_LINGER} time is positive: it may block until the
 * unsent data is acknowledged or the time runs out, so it runs where nobody else waits for it. A
 * platform thread closes in place, as the JDK does; a virtual thread hands the call to a platform
 * thread of its own and parks until it returns, so that its carrier keeps running other virtual
 * threads. Never on a ring thread: the kernel would run the close inline there, and every other
 * operation of the ring would wait the linger time.
 *
 * <p>Threads: any but a ring thread.
 */
final class LingeringClose {
    private LingeringClose() {}

    /** Daemon platform threads, made as lingering closes need them and gone after a minute idle. */
    private static final ExecutorService CLOSERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("loom-uring-lingering-close-", 0).factory());

    /** Closes {@code fd}, waiting for the linger to end; returns 0 or {@code -errno}. Not interruptible. */
    static int close(int fd) {
        if (!Thread.currentThread().isVirtual()) {
            return Fds.close(fd);
        }
        CompletableFuture<Integer> done = CompletableFuture.supplyAsync(() -> Fds.close(fd), CLOSERS);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the descriptor is half-closed only once close(2) returns: wait for it
                } catch (ExecutionException e) {
                    throw new AssertionError(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

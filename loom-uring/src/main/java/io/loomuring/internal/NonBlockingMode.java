package io.loomuring.internal;

import java.io.IOException;

/**
 * A loom-uring socket or pipe end that compat's selectable channels put into non-blocking mode.
 * In that mode the descriptor carries {@code O_NONBLOCK}, its transfers are single attempts from
 * the calling thread ({@link NonBlocking}), and readiness is a selector's business; back in
 * blocking mode everything goes through the rings again.
 *
 * <p>Threads: any; the channel serializes mode changes against its own operations.
 */
public interface NonBlockingMode {
    /** The descriptor, for polls and non-blocking calls. */
    FdHandle fdHandle();

    /**
     * Enters ({@code on}) or leaves non-blocking mode.
     *
     * @throws java.nio.channels.ClosedChannelException closed
     * @throws IOException                              fcntl failed
     */
    void nonBlocking(boolean on) throws IOException;

    /** Whether in non-blocking mode. */
    boolean isNonBlocking();
}

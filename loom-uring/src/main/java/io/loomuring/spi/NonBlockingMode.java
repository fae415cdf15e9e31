package io.loomuring.spi;

import java.io.IOException;

import io.loomuring.UringDatagramSocket;

/**
 * The non-blocking side of a loom-uring socket or pipe end, which compat's selectable channels
 * switch on and off. In non-blocking mode the descriptor carries {@code O_NONBLOCK}, its transfers
 * are single attempts from the calling thread, and readiness is a selector's business; back in
 * blocking mode everything goes through the rings again. Only the io_uring backend has one.
 *
 * <p>Threads: any; the channel serializes mode changes against its own operations.
 */
public interface NonBlockingMode {
    /** The descriptor, for polls. */
    Descriptor descriptor();

    /**
     * Enters ({@code on}) or leaves non-blocking mode.
     *
     * @throws java.nio.channels.ClosedChannelException closed
     * @throws IOException                              fcntl failed (the errno named)
     */
    void nonBlocking(boolean on) throws IOException;

    /** Whether in non-blocking mode. */
    boolean isNonBlocking();

    /** The datagram socket's non-blocking side, or null (the JDK backend has none). */
    static NonBlockingMode of(UringDatagramSocket s) {
        return s instanceof NonBlockingCapable c ? c.nonBlockingSide() : null;
    }
}

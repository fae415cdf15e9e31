package io.loomuring.internal;

import java.io.IOException;

import io.loomuring.poller.PollerClosedException;

/**
 * A pooled native buffer lent to one transfer: the home of heap data on its way to or from the
 * kernel. It goes back to the pool when the transfer is done — unless the poller closed without
 * being able to drain, when the kernel may still write into it and it is never reused.
 */
public final class Bounce {
    private Bounce() {}

    /** A transfer that uses the lent buffer. */
    @FunctionalInterface
    public interface Body<T> {
        T run(NativeBuffer buffer) throws IOException;
    }

    /** Runs {@code body} with a pooled buffer of at least {@code min(size, BufferPool.MAX)} bytes. */
    public static <T> T with(long size, Body<T> body) throws IOException {
        NativeBuffer b = BufferPool.shared().acquire(size);
        boolean kernelMayOwn = false;
        try {
            return body.run(b);
        } catch (PollerClosedException e) {
            kernelMayOwn = true;
            throw e;
        } finally {
            if (!kernelMayOwn) {
                BufferPool.shared().release(b);
            }
        }
    }
}

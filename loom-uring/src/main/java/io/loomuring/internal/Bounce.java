package io.loomuring.internal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import io.loomuring.internal.memory.BufferPool;
import io.loomuring.internal.memory.NativeBuffer;
import io.loomuring.poller.PollerClosedException;

/**
 * A pooled native buffer lent to one transfer: the home of heap data on its way to or from the
 * kernel. It goes back to the pool when the transfer is done — unless the poller closed without
 * being able to drain, when the kernel may still write into it and it is never reused.
 */
public final class Bounce {
    private Bounce() {}

    /** The most one read into a heap buffer or array asks for from a socket or pipe. */
    public static final int HEAP_READ_MAX = 64 * 1024;

    /** A transfer that uses the lent buffer. */
    @FunctionalInterface
    public interface Body<T> {
        T run(NativeBuffer buffer) throws IOException;
    }

    /** One read into native memory: the count, 0 at end of stream, negative for "nothing now". */
    @FunctionalInterface
    public interface Read {
        int read(long addr, int len, Object owner) throws IOException;
    }

    /**
     * A read into heap buffer {@code dst} (at most {@code len}, and at most {@link #HEAP_READ_MAX})
     * through a pooled buffer: {@code read} fills the pooled buffer, which it keeps reachable as
     * {@code owner}, and what it read is copied to {@code dst} from its position, which does not
     * move. Returns what {@code read} returned.
     */
    public static int readInto(java.nio.ByteBuffer dst, int len, Read read) throws IOException {
        return with(Math.min(len, HEAP_READ_MAX), b -> {
            int k = read.read(b.address(), Math.min(len, Math.min(b.capacity(), HEAP_READ_MAX)), b);
            if (k > 0) {
                java.lang.foreign.MemorySegment.copy(b.segment(), 0, java.lang.foreign.MemorySegment.ofBuffer(dst), 0, k);
            }
            return k;
        });
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

    /** A write of native memory at {@code addr} ({@code len} bytes, kept reachable by {@code owner}) that writes it all. */
    @FunctionalInterface
    public interface NativeWrite {
        void writeAll(long addr, long len, Object owner) throws IOException;
    }

    /**
     * Writes {@code src}'s remaining bytes through {@code out}: in place when {@code src} is direct,
     * else copied chunk by chunk into pooled native buffers (heap memory never reaches the kernel).
     * Does not move {@code src}'s position; returns the count.
     */
    public static int writeAll(ByteBuffer src, NativeWrite out) throws IOException {
        int len = src.remaining();
        if (src.isDirect()) {
            out.writeAll(MemorySegment.ofBuffer(src).address(), len, src);
            return len;
        }
        MemorySegment heap = MemorySegment.ofBuffer(src);
        int done = 0;
        while (done < len) {
            int from = done;
            done += with(len - done, b -> {
                int chunk = (int) Math.min(len - from, b.capacity());
                MemorySegment.copy(heap, from, b.segment(), 0, chunk);
                out.writeAll(b.address(), chunk, b);
                return chunk;
            });
        }
        return len;
    }
}

package io.loomuring.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Small native scratch areas (64 bytes: an iovec and an errno capture) for non-blocking system
 * calls made from the calling thread, striped by thread id so that concurrent callers rarely meet.
 * A caller takes a stripe with one atomic swap and puts it back with a release store; when its
 * stripe is taken it makes a fresh one.
 *
 * <p>Threads: any. A taken segment belongs to the taker alone until {@link #put}.
 */
public final class Scratch {
    private Scratch() {}

    private static final int STRIPES = 64;
    private static final AtomicReferenceArray<MemorySegment> FREE = new AtomicReferenceArray<>(STRIPES);

    /** A 64-byte scratch segment; give it back with {@link #put}. */
    public static MemorySegment take() {
        int i = (int) (Thread.currentThread().threadId() & (STRIPES - 1));
        MemorySegment s = FREE.getAndSet(i, null);
        return s != null ? s : Arena.ofAuto().allocate(64, 16);
    }

    /** Gives {@code s} back (dropped to the garbage collector if its stripe already has one). */
    public static void put(MemorySegment s) {
        int i = (int) (Thread.currentThread().threadId() & (STRIPES - 1));
        FREE.compareAndSet(i, null, s);
    }
}

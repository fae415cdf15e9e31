package io.loomuring.internal.memory;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Native buffers in power-of-two size classes from 4 KiB to {@link #MAX} (1 MiB), each class a
 * bounded number of idle buffers. Requests above {@link #MAX} are served in {@link #MAX}-sized
 * pieces by the caller.
 *
 * <p>Each class keeps its idle buffers in two places: a few front slots, one chosen by the calling
 * thread's id (an exchange takes a buffer, a compare-and-set from empty puts one back: no
 * allocation, and a thread that gives a buffer back and takes one again mostly meets the same
 * slot), and behind them a {@link ConcurrentLinkedDeque}.
 *
 * <p>Threads: any. A buffer is owned by exactly one holder between {@link #acquire} and
 * {@link #release}: a slot's exchange and the deque's removal each hand a buffer to a single caller.
 * (A hand-rolled Treiber stack would suffer ABA here, because the same buffer objects come back.)
 */
public final class BufferPool {
    public static final int MIN = 4096;
    public static final int MAX = 1 << 20;
    private static final int CLASSES = Integer.numberOfTrailingZeros(MAX) - Integer.numberOfTrailingZeros(MIN) + 1;
    /**
     * Idle buffers kept per class behind the front slots: 4 KiB × 4096 … 1 MiB × 16 (at most 16 MiB a
     * class, 88 MiB in all), and one per front slot besides.
     */
    private static final int[] IDLE_LIMIT = {4096, 2048, 1024, 1024, 512, 256, 64, 32, 16};

    private static final BufferPool SHARED = new BufferPool();

    /**
     * Front slots per class; a power of two. 64 (one per thread of 64 virtual threads) measured
     * slower than 16 for whole-file chains on carrier rings (2026-12-07: 0.93–0.98× the rate): a
     * buffer that came back through a slot shared by a few threads is more often still in the CPU's
     * cache than one of 64 rotating.
     */
    private static final int SLOTS = 16;
    /** References between two slots, so that slots used by different CPUs share no cache line. */
    private static final int STRIDE = 16;

    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedDeque<NativeBuffer>[] heads = new ConcurrentLinkedDeque[CLASSES];
    private final AtomicReferenceArray<NativeBuffer>[] fronts;
    private final int slotMask;
    private final AtomicInteger[] idle = new AtomicInteger[CLASSES]; // in the deque: front slots go uncounted
    private final AtomicInteger allocated = new AtomicInteger();

    /** A private pool (the library uses {@link #shared()}). */
    public BufferPool() {
        this(SLOTS);
    }

    /** A private pool with {@code slots} front slots per class (a power of two; tests use 1). */
    @SuppressWarnings("unchecked")
    public BufferPool(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        slotMask = slots - 1;
        fronts = new AtomicReferenceArray[CLASSES];
        for (int i = 0; i < CLASSES; i++) {
            heads[i] = new ConcurrentLinkedDeque<>();
            fronts[i] = new AtomicReferenceArray<>(slots * STRIDE);
            idle[i] = new AtomicInteger();
        }
    }

    private int slot() {
        return ((int) Thread.currentThread().threadId() & slotMask) * STRIDE;
    }

    public static BufferPool shared() {
        return SHARED;
    }

    /** A buffer of at least {@code min(size, MAX)} bytes. */
    public NativeBuffer acquire(long size) {
        int c = sizeClass(size);
        NativeBuffer b = fronts[c].getAndSet(slot(), null);
        if (b != null) {
            return b; // the fast path touches only this thread's slot: no counter shared by all CPUs
        }
        b = heads[c].pollFirst();
        if (b != null) {
            idle[c].decrementAndGet();
            return b;
        }
        allocated.incrementAndGet();
        return new NativeBuffer(MIN << c, c);
    }

    /** Returns {@code b}; call only when no operation can touch it any more. */
    public void release(NativeBuffer b) {
        int c = b.sizeClass;
        if (fronts[c].compareAndSet(slot(), null, b)) {
            return;
        }
        if (idle[c].incrementAndGet() > IDLE_LIMIT[c]) {
            idle[c].decrementAndGet();
            allocated.decrementAndGet();
            return; // dropped: the collector frees its memory
        }
        heads[c].offerFirst(b); // LIFO: the most recently used buffer is the warmest
    }

    /** Buffers allocated and not freed (idle or in use). */
    public int allocated() {
        return allocated.get();
    }

    static int sizeClass(long size) {
        if (size <= MIN) {
            return 0;
        }
        long s = Math.min(size, MAX);
        return 64 - Long.numberOfLeadingZeros(s - 1) - Integer.numberOfTrailingZeros(MIN);
    }
}

package io.loomuring.poller.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Memory into which a downcall captures {@code errno} ({@link Linker.Option#captureCallState}),
 * with {@value #SCRATCH} bytes of scratch memory beside it for the small structures a call takes
 * (a {@code sockaddr}, a {@code socklen_t}, an {@code iovec}, a {@code pollfd}, an option value).
 *
 * <p>Owned by one thread at a time. A ring thread keeps one for its whole life
 * ({@link #CallState(Arena)}); any other caller borrows one with {@link #take()} and gives it back
 * with {@link #release()} — a few stripes chosen by thread id, one atomic swap each way, never a
 * {@code ThreadLocal} (which would be one per virtual thread).
 */
public final class CallState {
    /** Bytes of scratch memory ({@link #scratch()}), 16-byte aligned. */
    public static final int SCRATCH = 256;

    private static final VarHandle ERRNO = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final int STRIPES = 64;
    /** References between two stripes, so that stripes used by different CPUs share no cache line. */
    private static final int STRIDE = 16;
    private static final AtomicReferenceArray<CallState> FREE = new AtomicReferenceArray<>(STRIPES * STRIDE);

    /** The capture segment passed as the leading argument of every capturing downcall. */
    final MemorySegment segment;
    private final MemorySegment scratch;

    /** A capture area allocated in {@code arena}; it lives as long as the arena. */
    public CallState(Arena arena) {
        this.segment = arena.allocate(Linker.Option.captureStateLayout());
        this.scratch = arena.allocate(SCRATCH, 16);
    }

    /**
     * Borrows a call state for the calling thread: give it back with {@link #release()} once the
     * call's results are read. Allocates a fresh one (garbage-collected memory) when its stripe is
     * taken.
     */
    public static CallState take() {
        CallState s = FREE.getAndSet(stripe(), null);
        return s != null ? s : new CallState(Arena.ofAuto());
    }

    /** Gives a borrowed state back (dropped to the collector if its stripe already has one). */
    public void release() {
        FREE.compareAndSet(stripe(), null, this);
    }

    private static int stripe() {
        return (int) (Thread.currentThread().threadId() & (STRIPES - 1)) * STRIDE;
    }

    /** {@value #SCRATCH} bytes owned with this state, for the structures a call takes. */
    public MemorySegment scratch() {
        return scratch;
    }

    /** The {@code errno} captured by the last failing call made with this state. */
    public int errno() {
        return (int) ERRNO.get(segment, 0L);
    }
}

package io.loomuring.poller.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Memory into which a downcall captures {@code errno} ({@link Linker.Option#captureCallState}).
 *
 * <p>Owned by one thread at a time: the ring thread keeps one for its whole life; any other caller
 * makes its own (never a {@code ThreadLocal}, which would be one per virtual thread).
 */
public final class CallState {
    private static final VarHandle ERRNO = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    /** The capture segment passed as the leading argument of every capturing downcall. */
    final MemorySegment segment;

    /** A capture area allocated in {@code arena}; it lives as long as the arena. */
    public CallState(Arena arena) {
        this.segment = arena.allocate(Linker.Option.captureStateLayout());
    }

    /** The {@code errno} captured by the last failing call made with this state. */
    public int errno() {
        return (int) ERRNO.get(segment, 0L);
    }
}

package io.loomuring.internal.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A native buffer from the {@link BufferPool}, the home of heap data on its way to or from the
 * kernel, plus a 16-byte scratch area for an {@code iovec}. It belongs to one operation at a time
 * and goes back to the pool only after that operation's CQE (or never, if the kernel may still
 * own it).
 */
public final class NativeBuffer {
    private final MemorySegment data;     // capacity bytes, page aligned
    private final MemorySegment scratch;  // 64 bytes: an iovec or small struct
    final int sizeClass;

    NativeBuffer(int capacity, int sizeClass) {
        // GC-managed memory: a buffer the pool drops is freed by the collector once unreachable.
        // (Closing a shared arena instead would cost a handshake with every thread, per buffer.)
        Arena arena = Arena.ofAuto();
        this.data = arena.allocate(capacity, 4096);
        this.scratch = arena.allocate(64, 16);
        this.sizeClass = sizeClass;
    }

    /** The data area (its full capacity). */
    public MemorySegment segment() {
        return data;
    }

    public long address() {
        return data.address();
    }

    public int capacity() {
        return (int) data.byteSize();
    }

    /** 64 bytes of scratch memory owned with the buffer. */
    public MemorySegment scratch() {
        return scratch;
    }
}

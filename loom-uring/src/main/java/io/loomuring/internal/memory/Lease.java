package io.loomuring.internal.memory;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * Native memory that operations hold for the kernel: the caller's own (a direct buffer or a native
 * segment, kept reachable, nothing to give back) or a pooled buffer (given back to its pool when
 * the last holder lets go). The caller holds it from its making ({@code try (Lease m = ...)}), and
 * every operation that carries it holds it too, from its construction ({@link #retain()}) until its
 * {@code release()} — which runs only once the operation is done and the kernel can no longer
 * touch the memory ({@code Blocking.release(op)}: done and not {@code kernelMayOwn()}). So pooled
 * memory goes back only after every operation on it has left the kernel, whatever the caller saw
 * — a result, a timeout, an interrupt, a closed ring. That is the one rule for memory the kernel
 * touches; an operation the kernel never gives back keeps its memory for good (a leak, never a
 * reuse).
 *
 * <p>Threads: any; the holders' count is atomic.
 */
public final class Lease implements AutoCloseable {
    private static final VarHandle HOLDERS;

    static {
        try {
            HOLDERS = MethodHandles.lookup().findVarHandle(Lease.class, "holders", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MemorySegment segment; // the caller's memory or a slice; null when pooled (sliced on demand)
    private final NativeBuffer pooled;   // null: the caller's memory, or a slice of another lease
    private final long size;             // bytes leased
    private final Object keepAlive;      // the caller's buffer or segment, or the lease sliced: reachable while leased
    private volatile int holders = 1;    // the caller, and each operation that retained it

    private Lease(MemorySegment segment, NativeBuffer pooled, long size, Object keepAlive) {
        this.segment = segment;
        this.pooled = pooled;
        this.size = size;
        this.keepAlive = keepAlive;
    }

    /**
     * The bytes from {@code from} on, as a lease of their own that holds this one until its own
     * last holder lets go (an operation on the rest of a partly sent buffer).
     */
    public Lease slice(long from) {
        retain();
        return new Lease(segment().asSlice(from), null, size - from, this);
    }

    /** The remaining bytes of direct buffer {@code b}, in place. */
    public static Lease of(ByteBuffer b) {
        MemorySegment s = MemorySegment.ofBuffer(b);
        return new Lease(s, null, s.byteSize(), b);
    }

    /** Native segment {@code s}, in place. */
    public static Lease of(MemorySegment s) {
        return new Lease(s, null, s.byteSize(), s);
    }

    /** {@code min(size, BufferPool.MAX)} bytes (at least 1) of a pooled buffer. */
    public static Lease pooled(long size) {
        long n = Math.min(Math.max(1, size), BufferPool.MAX);
        NativeBuffer b = BufferPool.shared().acquire(n);
        return new Lease(null, b, n, null);
    }

    /**
     * The leased memory. A pooled lease makes its slice here, not when leased: the operations that
     * carry it need only {@link #address()} and {@link #size()}, and a slice that lives no longer
     * than the copy in or out costs no allocation once the JIT has compiled the caller.
     */
    public MemorySegment segment() {
        return segment != null ? segment : pooled.segment().asSlice(0, size);
    }

    public long address() {
        return segment != null ? segment.address() : pooled.address();
    }

    /** Bytes leased. */
    public int size() {
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    /** Whether the memory is pooled (heap data is copied through it) rather than the caller's. */
    public boolean pooled() {
        return pooled != null || keepAlive instanceof Lease parent && parent.pooled();
    }

    /** One more holder: an operation that carries this memory into the kernel. */
    public Lease retain() {
        HOLDERS.getAndAdd(this, 1);
        return this;
    }

    /** One holder lets go; the last gives pooled memory back. */
    public void release() {
        int left = (int) HOLDERS.getAndAdd(this, -1) - 1;
        if (left == 0) {
            if (pooled != null) {
                BufferPool.shared().release(pooled);
            } else if (keepAlive instanceof Lease parent) {
                parent.release();
            }
        } else if (left < 0) {
            throw new AssertionError("a lease released more often than held");
        }
    }

    /** The caller lets go ({@link #release()}). */
    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return (pooled != null ? "pooled " : "in place ") + size + " bytes, "
                + holders + " holders";
    }
}

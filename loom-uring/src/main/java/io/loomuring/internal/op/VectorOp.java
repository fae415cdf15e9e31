package io.loomuring.internal.op;

import java.nio.ByteBuffer;

import io.loomuring.internal.memory.BufferPool;
import io.loomuring.internal.memory.NativeBuffer;
import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Sqe;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code IORING_OP_READV} / {@code IORING_OP_WRITEV} over direct buffers, used in place. The
 * {@code iovec} array lives in a pooled buffer owned by the operation until its CQE.
 */
public final class VectorOp extends Operation {
    /** Most iovecs one call takes ({@code IOV_MAX}). */
    public static final int IOV_MAX = 1024;

    private final int opcode;
    private final int fd;
    private final long offset;
    private final ByteBuffer[] buffers;  // keeps the direct buffers reachable
    private final NativeBuffer iovecs;
    private final int count;

    /** {@code buffers[from, from+count)}, each direct; positions and limits are read now. */
    public VectorOp(boolean write, int fd, ByteBuffer[] buffers, int from, int count, long offset) {
        if (count > IOV_MAX) {
            throw new IllegalArgumentException("more than IOV_MAX buffers: " + count);
        }
        this.opcode = write ? Opcode.WRITEV : Opcode.READV;
        this.fd = fd;
        this.offset = offset;
        this.buffers = buffers.clone();
        this.count = count;
        this.iovecs = BufferPool.shared().acquire(16L * count);
        for (int i = 0; i < count; i++) {
            ByteBuffer b = buffers[from + i];
            long base = java.lang.foreign.MemorySegment.ofBuffer(b).address();
            iovecs.segment().set(JAVA_LONG, 16L * i, base);
            iovecs.segment().set(JAVA_LONG, 16L * i + 8, b.remaining());
        }
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(opcode, fd, iovecs.address(), count, offset);
    }

    @Override
    protected void release() {
        BufferPool.shared().release(iovecs);
    }
}

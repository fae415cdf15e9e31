package io.loomuring.internal.op;

import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Sqe;

/**
 * {@code IORING_OP_READ} / {@code IORING_OP_WRITE}: up to {@code len} bytes between {@code fd} at
 * {@code offset} (-1: the current position, an append, or a stream) and native memory at
 * {@code addr}. {@code res} is the count (0 at end of file for a read), or {@code -errno}.
 */
public final class RwOp extends Operation {
    private final int opcode;
    private final int fd;
    private final long addr;
    private final int len;
    private final long offset;
    private final Object target;        // keeps the memory at addr reachable until the CQE

    private RwOp(int opcode, int fd, long addr, int len, long offset, Object target) {
        this.opcode = opcode;
        this.fd = fd;
        this.addr = addr;
        this.len = len;
        this.offset = offset;
        this.target = target;
    }

    /**
     * A read into {@code [addr, addr+len)}. {@code target} is what owns that memory (a direct
     * buffer, a segment, a pooled buffer): the operation keeps it reachable. The caller gives
     * pooled memory back only when the operation is done and {@link #kernelMayOwn()} is false.
     */
    public static RwOp read(int fd, long addr, int len, long offset, Object target) {
        return new RwOp(Opcode.READ, fd, addr, len, offset, target);
    }

    /** A write from {@code [addr, addr+len)}; see {@link #read}. */
    public static RwOp write(int fd, long addr, int len, long offset, Object target) {
        return new RwOp(Opcode.WRITE, fd, addr, len, offset, target);
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(opcode, fd, addr, len, offset);
    }

    @Override
    public String toString() {
        return Opcode.name(opcode) + "[fd=" + fd + ", len=" + len + ", off=" + offset + ", " + Operation.stateName(state())
                + "]";
    }
}

package io.loomuring.internal.op;

import io.loomuring.internal.memory.Lease;
import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Sqe;

/**
 * {@code IORING_OP_READ} / {@code IORING_OP_WRITE}: up to {@code len} bytes between {@code fd} at
 * {@code offset} (-1: the current position, an append, or a stream) and the leased memory, which
 * the operation holds until its CQE and releases then. {@code res} is the count (0 at end of file
 * for a read), or {@code -errno}.
 */
public final class RwOp extends Operation {
    private final int opcode;
    private final int fd;
    private final Lease memory;
    private final long at;        // address within the lease
    private final int len;
    private final long offset;

    private RwOp(int opcode, int fd, Lease memory, long from, int len, long offset) {
        this.opcode = opcode;
        this.fd = fd;
        this.memory = memory.retain();
        this.at = memory.address() + from;
        this.len = len;
        this.offset = offset;
    }

    /** A read of up to {@code len} bytes into the lease from byte {@code from} of it. */
    public static RwOp read(int fd, Lease memory, long from, int len, long offset) {
        return new RwOp(Opcode.READ, fd, memory, from, len, offset);
    }

    /** A write of {@code len} bytes from byte {@code from} of the lease. */
    public static RwOp write(int fd, Lease memory, long from, int len, long offset) {
        return new RwOp(Opcode.WRITE, fd, memory, from, len, offset);
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(opcode, fd, at, len, offset);
    }

    @Override
    protected void release() {
        memory.release();
    }

    @Override
    public String toString() {
        return Opcode.name(opcode) + "[fd=" + fd + ", len=" + len + ", off=" + offset + ", " + Operation.stateName(state())
                + "]";
    }
}

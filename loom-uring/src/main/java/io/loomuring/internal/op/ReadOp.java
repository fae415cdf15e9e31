package io.loomuring.internal.op;

import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Sqe;

/**
 * {@code IORING_OP_READ}: up to {@code len} bytes from {@code fd} at {@code offset} (-1: the
 * current file position / a stream) into native memory at {@code addr}. {@code res} is the count,
 * 0 at end of file, or {@code -errno}.
 */
public final class ReadOp extends Operation {
    private final int fd;
    private final long addr;
    private final int len;
    private final long offset;
    private final Object target;        // keeps the memory at addr reachable until the CQE

    /**
     * {@code target} is what owns the memory at {@code addr} (a direct buffer, a segment, a pooled
     * buffer): the operation keeps it reachable. The caller gives pooled memory back only when the
     * operation is done and {@link #kernelMayOwn()} is false.
     */
    public ReadOp(int fd, long addr, int len, long offset, Object target) {
        this.fd = fd;
        this.addr = addr;
        this.len = len;
        this.offset = offset;
        this.target = target;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(Opcode.READ, fd, addr, len, offset);
    }

    @Override
    public String toString() {
        return "ReadOp[fd=" + fd + ", len=" + len + ", off=" + offset + ", " + Operation.stateName(state())
                + "]";
    }
}

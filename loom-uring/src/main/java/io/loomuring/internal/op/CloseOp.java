package io.loomuring.internal.op;

import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Sqe;

/** {@code IORING_OP_CLOSE}: {@code close(fd)} through the ring. */
public final class CloseOp extends Operation {
    private final int fd;

    public CloseOp(int fd) {
        this.fd = fd;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(Opcode.CLOSE, fd, 0, 0, 0);
    }
}

package io.loomuring.poller;

import io.loomuring.poller.kernel.CancelFlags;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Sqe;

/**
 * {@code IORING_OP_ASYNC_CANCEL}, keyed by one operation's {@code user_data} or by an fd. Its own
 * CQE says only whether something was found; the cancelled operation still posts its own CQE, and
 * that is the one that releases its memory.
 */
final class CancelOp extends Operation {
    private final Operation target;   // null when cancelling by fd
    private final int fd;

    private CancelOp(Operation target, int fd) {
        this.target = target;
        this.fd = fd;
    }

    static CancelOp of(Operation target) {
        return new CancelOp(target, -1);
    }

    static CancelOp byFd(int fd) {
        return new CancelOp(null, fd);
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        if (target == null) {
            sqe.prepRw(Opcode.ASYNC_CANCEL, fd, 0, 0, 0).opFlags(CancelFlags.FD | CancelFlags.ALL);
        } else if (target.slot >= 0) {
            // Runs on the ring thread, which wrote target.userData: the key is current.
            sqe.prepRw(Opcode.ASYNC_CANCEL, -1, target.userData, 0, 0);
        } else {
            sqe.prepRw(Opcode.NOP, -1, 0, 0, 0); // the target completed meanwhile: nothing to cancel
        }
    }
}

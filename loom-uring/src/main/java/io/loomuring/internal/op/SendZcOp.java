package io.loomuring.internal.op;

import io.loomuring.internal.memory.Lease;
import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.CqeLayout;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.poller.ring.Sqe;

/**
 * {@code IORING_OP_SEND_ZC} (Linux 6.0): a send whose pages the network stack uses in place. It
 * posts two CQEs: the first carries the byte count (or {@code -errno}) with
 * {@code IORING_CQE_F_MORE}; the second, flagged {@code IORING_CQE_F_NOTIF}, says the kernel is
 * done with the memory. The operation completes only with the second, so its memory is never
 * released or reused before the kernel lets go of it; its {@link #result()} is the first CQE's
 * count. A first CQE without {@code F_MORE} (an early error) is the only one.
 */
public final class SendZcOp extends Operation {
    private final int fd;
    private final Lease memory;  // held until the notification
    private final int len;
    private int sent;            // ring thread: the first CQE's res

    public SendZcOp(int fd, Lease memory, int len) {
        this.fd = fd;
        this.memory = memory.retain();
        this.len = len;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(Opcode.SEND_ZC, fd, memory.address(), len, 0).opFlags(SocketConstants.MSG_NOSIGNAL);
    }

    @Override
    protected boolean multishot() {
        return true;
    }

    @Override
    protected void onIntermediate(int res, int flags) {
        sent = res;
    }

    @Override
    protected int finalResult(int res, int flags) {
        return (flags & CqeLayout.F_NOTIF) != 0 ? sent : res;
    }

    @Override
    protected void release() {
        memory.release();
    }

    @Override
    public String toString() {
        return "SEND_ZC[fd=" + fd + ", len=" + len + ", " + Operation.stateName(state()) + "]";
    }
}

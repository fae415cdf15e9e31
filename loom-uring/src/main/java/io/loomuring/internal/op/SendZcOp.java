package io.loomuring.internal.op;

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
    private final long addr;
    private final int len;
    private final Object target; // keeps the memory at addr reachable until the notification
    private int sent;            // ring thread: the first CQE's res

    public SendZcOp(int fd, long addr, int len, Object target) {
        this.fd = fd;
        this.addr = addr;
        this.len = len;
        this.target = target;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(Opcode.SEND_ZC, fd, addr, len, 0).opFlags(SocketConstants.MSG_NOSIGNAL);
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
    public String toString() {
        return "SEND_ZC[fd=" + fd + ", len=" + len + ", " + Operation.stateName(state()) + ", target=" + (target != null) + "]";
    }
}

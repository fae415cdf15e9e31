package io.loomuring.internal.op;

import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.poller.kernel.SqeLayout;
import io.loomuring.poller.ring.Sqe;

/**
 * {@code IORING_OP_RECV} / {@code IORING_OP_SEND} on a connected socket, from or into native
 * memory kept reachable by {@code target}. Sends carry {@code MSG_NOSIGNAL}: a peer that went away
 * gives EPIPE, never SIGPIPE.
 */
public final class SocketOp extends Operation {
    private final int opcode;
    private final int fd;
    private final long addr;
    private final int len;
    private final int msgFlags;
    private final Object target;   // keeps the memory at addr reachable until the CQE
    private int bufferGroup = -1;  // >= 0: IOSQE_BUFFER_SELECT from this provided buffer group

    private SocketOp(int opcode, int fd, long addr, int len, int msgFlags, Object target) {
        this.opcode = opcode;
        this.fd = fd;
        this.addr = addr;
        this.len = len;
        this.msgFlags = msgFlags;
        this.target = target;
    }

    public static SocketOp recv(int fd, long addr, int len, Object target) {
        return new SocketOp(Opcode.RECV, fd, addr, len, 0, target);
    }

    /**
     * A receive of up to {@code len} bytes into a buffer the kernel picks from provided buffer
     * group {@code group} when data arrives ({@code IOSQE_BUFFER_SELECT}): nothing is held while
     * the peer is silent. The CQE's flags carry {@code IORING_CQE_F_BUFFER} and the buffer id; the
     * receiver owns that buffer until it releases it. {@code -ENOBUFS} when the group is empty.
     */
    public static SocketOp recvProvided(int fd, int len, int group) {
        SocketOp op = new SocketOp(Opcode.RECV, fd, 0, len, 0, null);
        op.bufferGroup = group;
        return op;
    }

    public static SocketOp send(int fd, long addr, int len, Object target) {
        return new SocketOp(Opcode.SEND, fd, addr, len, SocketConstants.MSG_NOSIGNAL, target);
    }

    /** One byte of urgent data ({@code MSG_OOB}) from {@code addr}. */
    public static SocketOp sendUrgent(int fd, long addr, Object target) {
        return new SocketOp(Opcode.SEND, fd, addr, 1, SocketConstants.MSG_NOSIGNAL | SocketConstants.MSG_OOB, target);
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(opcode, fd, addr, len, 0).opFlags(msgFlags);
        if (bufferGroup >= 0) {
            sqe.flags(SqeLayout.IOSQE_BUFFER_SELECT).bufIndex(bufferGroup); // buf_group shares buf_index's place
        }
    }

    @Override
    public String toString() {
        return Opcode.name(opcode) + "[fd=" + fd + ", len=" + len + ", " + Operation.stateName(state())
                + "]";
    }
}

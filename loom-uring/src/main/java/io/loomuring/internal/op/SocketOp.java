package io.loomuring.internal.op;

import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SocketConstants;
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

    public static SocketOp send(int fd, long addr, int len, Object target) {
        return new SocketOp(Opcode.SEND, fd, addr, len, SocketConstants.MSG_NOSIGNAL, target);
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(opcode, fd, addr, len, 0).opFlags(msgFlags);
    }

    @Override
    public String toString() {
        return Opcode.name(opcode) + "[fd=" + fd + ", len=" + len + ", " + Operation.stateName(state())
                + "]";
    }
}

package io.loomuring.internal.op;

import io.loomuring.internal.memory.IoVec;
import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.poller.ring.Sqe;

/**
 * One vectored transfer over an {@link IoVec}: {@code IORING_OP_READV}/{@code WRITEV} at an offset
 * (files, pipes), or {@code IORING_OP_RECVMSG}/{@code SENDMSG} on a stream socket (a send with
 * {@code MSG_NOSIGNAL}: a reset peer is an error, never a signal). The operation owns the array
 * and its staged bytes until its CQE, and releases them then.
 */
public final class VectorOp extends Operation {
    private final int opcode;
    private final int fd;
    private final IoVec iov;
    private final long offset;

    private VectorOp(int opcode, int fd, IoVec iov, long offset) {
        this.opcode = opcode;
        this.fd = fd;
        this.iov = iov;
        this.offset = offset;
    }

    /** {@code readv}/{@code writev} of {@code fd} at {@code offset} (-1: the file position, or a pipe). */
    public static VectorOp rw(boolean write, int fd, IoVec iov, long offset) {
        return new VectorOp(write ? Opcode.WRITEV : Opcode.READV, fd, iov, offset);
    }

    /** {@code sendmsg(MSG_NOSIGNAL)} / {@code recvmsg} of a stream socket. */
    public static VectorOp msg(boolean send, int fd, IoVec iov) {
        return new VectorOp(send ? Opcode.SENDMSG : Opcode.RECVMSG, fd, iov, 0);
    }

    /** The array this operation moves. */
    public IoVec iov() {
        return iov;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        if (opcode == Opcode.SENDMSG || opcode == Opcode.RECVMSG) {
            sqe.prepRw(opcode, fd, iov.msghdrAddress(), 1, 0)
                    .opFlags(opcode == Opcode.SENDMSG ? SocketConstants.MSG_NOSIGNAL : 0);
        } else {
            sqe.prepRw(opcode, fd, iov.iovAddress(), iov.count(), offset);
        }
    }

    @Override
    protected void release() {
        iov.release();
    }

    @Override
    public String toString() {
        return Opcode.name(opcode) + "[fd=" + fd + ", " + Operation.stateName(state()) + ", " + iov.count() + " iovecs]";
    }
}

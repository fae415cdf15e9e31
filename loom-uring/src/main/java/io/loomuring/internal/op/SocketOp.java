package io.loomuring.internal.op;

import io.loomuring.internal.memory.Lease;
import io.loomuring.poller.Operation;
import io.loomuring.poller.ProvidedBuffers;
import io.loomuring.poller.kernel.CqeLayout;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.poller.kernel.SqeLayout;
import io.loomuring.poller.ring.Sqe;

/**
 * {@code IORING_OP_RECV} / {@code IORING_OP_SEND} on a connected socket, into or from leased memory
 * — or, for a receive, a provided buffer the kernel picks when data arrives. The operation holds
 * its memory until its CQE and releases it then (a provided buffer goes back to its ring). Sends
 * carry {@code MSG_NOSIGNAL}: a peer that went away gives EPIPE, never SIGPIPE.
 *
 * <p>Each factory takes a {@code spare}: a completed operation its caller {@link #recycle()
 * recycled}, filled anew instead of making another (null: a new one).
 */
public final class SocketOp extends Operation {
    // Written by the caller before each submission (the submission publishes them to the ring's owner).
    private int opcode;
    private int fd;
    private Lease memory;                // null for a provided-buffer receive
    private int len;
    private int msgFlags;
    private ProvidedBuffers provided;    // non-null: IOSQE_BUFFER_SELECT from its group

    private SocketOp() {}

    private static SocketOp fill(SocketOp spare, int opcode, int fd, Lease memory, int len, int msgFlags,
            ProvidedBuffers provided) {
        SocketOp op = spare != null ? spare : new SocketOp();
        op.opcode = opcode;
        op.fd = fd;
        op.memory = memory == null ? null : memory.retain();
        op.len = len;
        op.msgFlags = msgFlags;
        op.provided = provided;
        return op;
    }

    /** A receive of up to {@code len} bytes into the lease. */
    public static SocketOp recv(SocketOp spare, int fd, Lease memory, int len) {
        return fill(spare, Opcode.RECV, fd, memory, len, 0, null);
    }

    /**
     * A receive of up to {@code len} bytes into a buffer the kernel picks from {@code pb} when data
     * arrives ({@code IOSQE_BUFFER_SELECT}): nothing is held while the peer is silent. After the
     * CQE, {@link #providedData()} is that buffer (until {@code release()} gives it back);
     * {@code -ENOBUFS} when the group was empty.
     */
    public static SocketOp recvProvided(SocketOp spare, int fd, int len, ProvidedBuffers pb) {
        return fill(spare, Opcode.RECV, fd, null, Math.min(len, pb.bufferSize()), 0, pb);
    }

    /** A send of {@code len} bytes of the lease. */
    public static SocketOp send(SocketOp spare, int fd, Lease memory, int len) {
        return fill(spare, Opcode.SEND, fd, memory, len, SocketConstants.MSG_NOSIGNAL, null);
    }

    /** One byte of urgent data ({@code MSG_OOB}) from the lease. */
    public static SocketOp sendUrgent(int fd, Lease memory) {
        return fill(null, Opcode.SEND, fd, memory, 1, SocketConstants.MSG_NOSIGNAL | SocketConstants.MSG_OOB, null);
    }

    /** The provided buffer a completed receive landed in, or null (none was taken). */
    public java.lang.foreign.MemorySegment providedData() {
        return provided != null && (cqeFlags() & CqeLayout.F_BUFFER) != 0
                ? provided.segment(cqeFlags() >>> CqeLayout.BUFFER_SHIFT) : null;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(opcode, fd, memory == null ? 0 : memory.address(), len, 0).opFlags(msgFlags);
        if (provided != null) {
            sqe.flags(SqeLayout.IOSQE_BUFFER_SELECT).bufIndex(provided.group()); // buf_group shares buf_index's place
        }
    }

    @Override
    protected void release() {
        if (memory != null) {
            memory.release();
            memory = null;
        }
        if (provided != null && (cqeFlags() & CqeLayout.F_BUFFER) != 0) {
            provided.release(cqeFlags() >>> CqeLayout.BUFFER_SHIFT);
        }
    }

    @Override
    public String toString() {
        return Opcode.name(opcode) + "[fd=" + fd + ", len=" + len + ", " + Operation.stateName(state())
                + "]";
    }
}

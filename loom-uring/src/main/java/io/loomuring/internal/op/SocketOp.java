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
 */
public final class SocketOp extends Operation {
    private final int opcode;
    private final int fd;
    private final Lease memory;          // null for a provided-buffer receive
    private final int len;
    private final int msgFlags;
    private final ProvidedBuffers provided; // non-null: IOSQE_BUFFER_SELECT from its group

    private SocketOp(int opcode, int fd, Lease memory, int len, int msgFlags, ProvidedBuffers provided) {
        this.opcode = opcode;
        this.fd = fd;
        this.memory = memory == null ? null : memory.retain();
        this.len = len;
        this.msgFlags = msgFlags;
        this.provided = provided;
    }

    /** A receive of up to {@code len} bytes into the lease. */
    public static SocketOp recv(int fd, Lease memory, int len) {
        return new SocketOp(Opcode.RECV, fd, memory, len, 0, null);
    }

    /**
     * A receive of up to {@code len} bytes into a buffer the kernel picks from {@code pb} when data
     * arrives ({@code IOSQE_BUFFER_SELECT}): nothing is held while the peer is silent. After the
     * CQE, {@link #providedData()} is that buffer (until {@code release()} gives it back);
     * {@code -ENOBUFS} when the group was empty.
     */
    public static SocketOp recvProvided(int fd, int len, ProvidedBuffers pb) {
        return new SocketOp(Opcode.RECV, fd, null, Math.min(len, pb.bufferSize()), 0, pb);
    }

    /** A send of {@code len} bytes of the lease. */
    public static SocketOp send(int fd, Lease memory, int len) {
        return new SocketOp(Opcode.SEND, fd, memory, len, SocketConstants.MSG_NOSIGNAL, null);
    }

    /** One byte of urgent data ({@code MSG_OOB}) from the lease. */
    public static SocketOp sendUrgent(int fd, Lease memory) {
        return new SocketOp(Opcode.SEND, fd, memory, 1, SocketConstants.MSG_NOSIGNAL | SocketConstants.MSG_OOB, null);
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

package io.loomuring.internal.op;

import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

import io.loomuring.internal.memory.BufferPool;
import io.loomuring.internal.memory.Lease;
import io.loomuring.internal.memory.NativeBuffer;
import io.loomuring.internal.memory.SockAddr;
import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.poller.ring.Sqe;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code IORING_OP_SENDMSG} / {@code IORING_OP_RECVMSG} of one datagram, with its peer address.
 * The {@code struct msghdr}, its one {@code iovec} and the {@code sockaddr} live in a pooled buffer
 * owned until the CQE; the data is leased memory, held until then too.
 *
 * <pre>{@code
 * struct msghdr {
 *     void *msg_name;          // 0
 *     socklen_t msg_namelen;   // 8
 *     struct iovec *msg_iov;   // 16
 *     size_t msg_iovlen;       // 24
 *     void *msg_control;       // 32
 *     size_t msg_controllen;   // 40
 *     int msg_flags;           // 48
 * };                           // 56 bytes
 * }</pre>
 */
public final class MsgOp extends Operation {
    private static final long IOV = 64;
    private static final long NAME = 128;

    private final int opcode;
    private final int fd;
    private final NativeBuffer hdr;
    private final Lease data;      // held until the CQE

    private MsgOp(int opcode, int fd, Lease data, int len) {
        this.opcode = opcode;
        this.fd = fd;
        this.data = data.retain();
        this.hdr = BufferPool.shared().acquire(BufferPool.MIN);
        MemorySegment m = hdr.segment();
        m.asSlice(0, NAME + SocketConstants.SOCKADDR_STORAGE_SIZE).fill((byte) 0);
        m.set(JAVA_LONG, IOV, data.address());
        m.set(JAVA_LONG, IOV + 8, len);
        m.set(JAVA_LONG, 16, hdr.address() + IOV);
        m.set(JAVA_LONG, 24, 1);
    }

    /** Receives one datagram into the first {@code len} bytes of {@code data}; the sender is {@link #peer()}. */
    public static MsgOp recv(int fd, Lease data, int len) {
        MsgOp op = new MsgOp(Opcode.RECVMSG, fd, data, len);
        op.hdr.segment().set(JAVA_LONG, 0, op.hdr.address() + NAME);
        op.hdr.segment().set(JAVA_INT, 8, SocketConstants.SOCKADDR_STORAGE_SIZE);
        return op;
    }

    /** Sends the first {@code len} bytes of {@code data} as one datagram to {@code to} (null: the connected peer). */
    public static MsgOp send(int fd, Lease data, int len, SocketAddress to, int family) {
        MsgOp op = new MsgOp(Opcode.SENDMSG, fd, data, len);
        if (to != null) {
            try {
                int n = SockAddr.write(to, family, op.hdr.segment().asSlice(NAME));
                op.hdr.segment().set(JAVA_LONG, 0, op.hdr.address() + NAME);
                op.hdr.segment().set(JAVA_INT, 8, n);
            } catch (RuntimeException e) {
                op.release(); // never submitted: nothing of it is in the kernel
                throw e;
            }
        }
        return op;
    }

    /** The sender of a received datagram; valid after completion. */
    public SocketAddress peer() {
        MemorySegment m = hdr.segment();
        return SockAddr.read(m.asSlice(NAME), m.get(JAVA_INT, 8));
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        int flags = opcode == Opcode.SENDMSG ? SocketConstants.MSG_NOSIGNAL : 0;
        sqe.prepRw(opcode, fd, hdr.address(), 1, 0).opFlags(flags);
    }

    @Override
    protected void release() {
        BufferPool.shared().release(hdr);
        data.release();
    }

    @Override
    public String toString() {
        return Opcode.name(opcode) + "[fd=" + fd + ", " + Operation.stateName(state()) + "]";
    }
}

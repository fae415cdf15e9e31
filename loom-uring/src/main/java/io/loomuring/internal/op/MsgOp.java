package io.loomuring.internal.op;

import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

import io.loomuring.internal.memory.BufferPool;
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
 * owned until the CQE; the data is native memory kept reachable by {@code target}.
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
    private final Object target;   // keeps the data memory reachable until the CQE

    private MsgOp(int opcode, int fd, long addr, int len, Object target) {
        this.opcode = opcode;
        this.fd = fd;
        this.target = target;
        this.hdr = BufferPool.shared().acquire(BufferPool.MIN);
        MemorySegment m = hdr.segment();
        m.asSlice(0, NAME + SocketConstants.SOCKADDR_STORAGE_SIZE).fill((byte) 0);
        m.set(JAVA_LONG, IOV, addr);
        m.set(JAVA_LONG, IOV + 8, len);
        m.set(JAVA_LONG, 16, hdr.address() + IOV);
        m.set(JAVA_LONG, 24, 1);
    }

    /** Receives one datagram into {@code [addr, addr+len)}; the sender is {@link #peer()}. */
    public static MsgOp recv(int fd, long addr, int len, Object target) {
        MsgOp op = new MsgOp(Opcode.RECVMSG, fd, addr, len, target);
        op.hdr.segment().set(JAVA_LONG, 0, op.hdr.address() + NAME);
        op.hdr.segment().set(JAVA_INT, 8, SocketConstants.SOCKADDR_STORAGE_SIZE);
        return op;
    }

    /** Sends {@code [addr, addr+len)} as one datagram to {@code to} (null: the connected peer). */
    public static MsgOp send(int fd, long addr, int len, SocketAddress to, int family, Object target) {
        MsgOp op = new MsgOp(Opcode.SENDMSG, fd, addr, len, target);
        if (to != null) {
            try {
                int n = SockAddr.write(to, family, op.hdr.segment().asSlice(NAME));
                op.hdr.segment().set(JAVA_LONG, 0, op.hdr.address() + NAME);
                op.hdr.segment().set(JAVA_INT, 8, n);
            } catch (RuntimeException e) {
                BufferPool.shared().release(op.hdr);
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
    }

    @Override
    public String toString() {
        return Opcode.name(opcode) + "[fd=" + fd + ", " + Operation.stateName(state()) + (target == null ? "]" : ", data]");
    }
}

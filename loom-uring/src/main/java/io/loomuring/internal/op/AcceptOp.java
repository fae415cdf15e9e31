package io.loomuring.internal.op;

import java.net.SocketAddress;

import io.loomuring.internal.memory.BufferPool;
import io.loomuring.internal.memory.NativeBuffer;
import io.loomuring.internal.memory.SockAddr;
import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.poller.ring.Sqe;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code IORING_OP_ACCEPT}: {@code accept4(fd, &addr, &addrlen, SOCK_CLOEXEC)}. {@code res} is the
 * new connection's fd; {@link #peer()} its remote address. The sockaddr and its length live in a
 * pooled buffer owned until the CQE.
 */
public final class AcceptOp extends Operation {
    private static final long LEN_AT = 128;
    private final int fd;
    private final NativeBuffer buf;

    public AcceptOp(int fd) {
        this.fd = fd;
        this.buf = BufferPool.shared().acquire(BufferPool.MIN);
        buf.segment().set(JAVA_INT, LEN_AT, SocketConstants.SOCKADDR_STORAGE_SIZE);
    }

    /** The peer's address; valid after a successful completion. */
    public SocketAddress peer() {
        return SockAddr.read(buf.segment(), buf.segment().get(JAVA_INT, LEN_AT));
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        // addr = sockaddr *, addr2 (the off field) = socklen_t *
        sqe.prepRw(Opcode.ACCEPT, fd, buf.address(), 0, buf.address() + LEN_AT)
                .opFlags(SocketConstants.SOCK_CLOEXEC);
    }

    @Override
    protected void release() {
        BufferPool.shared().release(buf);
    }
}

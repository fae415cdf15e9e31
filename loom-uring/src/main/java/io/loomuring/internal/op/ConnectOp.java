package io.loomuring.internal.op;

import java.net.SocketAddress;

import io.loomuring.internal.memory.BufferPool;
import io.loomuring.internal.memory.NativeBuffer;
import io.loomuring.internal.memory.SockAddr;
import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Sqe;

/**
 * {@code IORING_OP_CONNECT}: {@code connect(fd, addr, addrlen)}; the sockaddr lives in a pooled
 * buffer owned until the CQE. {@code res} is 0 or {@code -errno}.
 */
public final class ConnectOp extends Operation {
    private final int fd;
    private final NativeBuffer buf;
    private final int len;

    public ConnectOp(int fd, SocketAddress remote, int family) {
        this.fd = fd;
        this.buf = BufferPool.shared().acquire(BufferPool.MIN);
        try {
            this.len = SockAddr.write(remote, family, buf.segment());
        } catch (RuntimeException e) {
            BufferPool.shared().release(buf);
            throw e;
        }
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(Opcode.CONNECT, fd, buf.address(), 0, len);
    }

    @Override
    protected void release() {
        BufferPool.shared().release(buf);
    }
}

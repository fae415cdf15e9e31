package io.loomuring.backend.uring;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.NonBlocking;
import io.loomuring.internal.memory.IoVec;
import io.loomuring.internal.memory.HeapCopy;
import io.loomuring.internal.memory.Lease;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.spi.NonBlockingStream;

/**
 * A stream socket's non-blocking side, as the JDK keeps {@code SocketChannelImpl} apart from
 * {@code NioSocketImpl}: while it is on, the descriptor carries {@code O_NONBLOCK} and every
 * transfer is one system call from the calling thread — a ring round trip would only learn what
 * the call says at once. {@link RingSocket} hands its reads and writes here while the mode is on;
 * the connect's two halves keep the socket's own state ({@link RingSocket#startConnect},
 * {@link RingSocket#finishConnect}).
 *
 * <p>Threads: any; compat's channel changes the mode with its read and write locks held.
 */
final class NonBlockingSocket extends DescriptorMode implements NonBlockingStream {
    private final RingSocket socket;

    NonBlockingSocket(RingSocket socket, FdHandle h) {
        super(h);
        this.socket = socket;
    }

    @Override
    public boolean startConnect(SocketAddress remote) throws IOException {
        return socket.startConnect(remote);
    }

    @Override
    public boolean finishConnect(boolean block) throws IOException {
        return socket.finishConnect(block);
    }

    /** One receive of up to {@code dst.remaining()} bytes (heap: 64 KiB): the count, -1 at end of stream, 0 when nothing is there. */
    int read(ByteBuffer dst) throws IOException {
        int len = Math.min(dst.remaining(), dst.isDirect() ? Integer.MAX_VALUE : RingSocket.HEAP_READ_MAX);
        try (Lease mem = dst.isDirect() ? Lease.of(dst) : Lease.pooled(len)) {
            long r = NonBlocking.socketTransfer(h, false, mem.address(), len);
            if (NonBlocking.wouldBlock(r)) {
                return 0;
            }
            if (r < 0) {
                throw socket.readFailed((int) r);
            }
            if (r == 0) {
                return -1;
            }
            if (mem.pooled()) {
                HeapCopy.toHeap(mem.segment(), 0, dst, 0, (int) r);
            }
            dst.position(dst.position() + (int) r);
            return (int) r;
        }
    }

    /** One send of {@code src}'s remaining bytes (heap: at most a pooled buffer's worth): the count, 0 when the socket's buffer is full. */
    int write(ByteBuffer src) throws IOException {
        int len = src.remaining();
        try (Lease mem = src.isDirect() ? Lease.of(src) : Lease.pooled(len)) {
            int n = Math.min(len, mem.size());
            if (mem.pooled()) {
                HeapCopy.fromHeap(src, 0, mem.segment(), 0, n);
            }
            long r = NonBlocking.socketTransfer(h, true, mem.address(), n);
            if (NonBlocking.wouldBlock(r)) {
                return 0;
            }
            if (r < 0) {
                throw Errors.forSocket((int) r, "write");
            }
            src.position(src.position() + (int) r);
            return (int) r;
        }
    }

    /** One {@code recvmsg(MSG_DONTWAIT)} spread over the buffers: the count, -1 at end of stream, 0 when nothing is there. */
    long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long r = attempt(false, IoVec.scatter(dsts, offset, length, RingSocket.HEAP_READ_MAX));
        if (NonBlocking.wouldBlock(r)) {
            return 0;
        }
        if (r < 0) {
            throw socket.readFailed((int) r);
        }
        return r == 0 ? -1 : r;
    }

    /** One {@code sendmsg(MSG_DONTWAIT)} over the buffers: the count, 0 when the socket's buffer is full. */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long r = attempt(true, IoVec.gather(srcs, offset, length));
        if (NonBlocking.wouldBlock(r)) {
            return 0;
        }
        if (r < 0) {
            throw Errors.forSocket((int) r, "write");
        }
        return r;
    }

    /** One vectored attempt over {@code v}, released here: the count, or {@code -errno} ({@code EAGAIN} too when {@code v} is empty). */
    private long attempt(boolean write, IoVec v) throws ClosedChannelException {
        try {
            if (v.count() == 0) {
                return -Errno.EAGAIN;
            }
            long r = NonBlocking.transferv(h, write, true, v);
            if (r > 0) {
                v.done(r);
            }
            return r;
        } finally {
            v.release();
        }
    }

    /** One byte of urgent data; a full send buffer fails at once ("Socket buffer full"), as the JDK's channel. */
    void sendUrgentData(int data) throws IOException {
        long r = NonBlocking.sendUrgent(h, data);
        if (NonBlocking.wouldBlock(r)) {
            throw new IOException("Socket buffer full");
        }
        if (r < 0) {
            throw Errors.forSocket((int) r, "send urgent data");
        }
    }
}

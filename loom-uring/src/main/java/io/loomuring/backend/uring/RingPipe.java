package io.loomuring.backend.uring;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

import io.loomuring.InterruptPolicy;
import io.loomuring.LoomUring;
import io.loomuring.UringPipe;
import io.loomuring.internal.Blocking;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Fds;
import io.loomuring.internal.NonBlocking;
import io.loomuring.internal.Style;
import io.loomuring.internal.memory.IoVec;
import io.loomuring.internal.memory.HeapCopy;
import io.loomuring.internal.memory.Lease;
import io.loomuring.internal.op.RwOp;
import io.loomuring.internal.op.VectorOp;
import io.loomuring.poller.PollerGroup;
import io.loomuring.spi.NonBlockingMode;
import io.loomuring.spi.PipeEnds;

/** {@link UringPipe} on io_uring: each end is a descriptor with its own close protocol ({@link FdHandle}). */
final class RingPipe extends UringPipe implements PipeEnds {
    private final FdHandle source;
    private final FdHandle sink;

    private final End sourceEnd;
    private final End sinkEnd;

    private RingPipe(FdHandle source, FdHandle sink) {
        this.source = source;
        this.sink = sink;
        this.sourceEnd = new End(source);
        this.sinkEnd = new End(sink);
    }

    /** One end's mode: in non-blocking mode its transfers are single {@code read(2)}/{@code write(2)} attempts. */
    private static final class End extends DescriptorMode {
        End(FdHandle h) {
            super(h);
        }

        /** One attempt: the count, or -1 for EAGAIN. */
        long attempt(boolean write, long addr, long len) throws IOException {
            long r = NonBlocking.transfer(h, write, addr, len);
            if (r >= 0) {
                return r;
            }
            if (NonBlocking.wouldBlock(r)) {
                return -1;
            }
            throw Errors.forFd((int) r, write ? "write to pipe" : "read from pipe");
        }
    }

    @Override
    public NonBlockingMode sourceEnd() {
        return sourceEnd;
    }

    @Override
    public NonBlockingMode sinkEnd() {
        return sinkEnd;
    }

    static RingPipe openPipe() throws IOException {
        int[] fds = Fds.pipe();
        if (fds[0] < 0) {
            throw Errors.forFd(fds[0], "pipe");
        }
        PollerGroup group = LoomUring.pollers();
        return new RingPipe(new FdHandle(fds[0], group.forFd(fds[0])), new FdHandle(fds[1], group.forFd(fds[1])));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (source.isClosing()) {
            throw new ClosedChannelException();
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        int len = dst.isDirect() ? dst.remaining() : Math.min(dst.remaining(), RingSocket.HEAP_READ_MAX);
        int n;
        try (Lease mem = dst.isDirect() ? Lease.of(dst) : Lease.pooled(len)) {
            if (sourceEnd.isNonBlocking()) {
                n = (int) sourceEnd.attempt(false, mem.address(), len);
                if (n < 0) {
                    return 0; // nothing now
                }
            } else {
                RwOp op = RwOp.read(source.fd(), mem, 0, len, -1);
                try {
                    n = Blocking.run(source, op, 0, Style.CHANNEL, "Read");
                } finally {
                    Blocking.release(op);
                }
                if (n < 0) {
                    throw Errors.forFd(n, "read from pipe");
                }
            }
            if (n == 0) {
                return -1;
            }
            if (mem.pooled()) {
                HeapCopy.toHeap(mem.segment(), 0, dst, 0, n);
            }
        }
        dst.position(dst.position() + n);
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (sink.isClosing()) {
            throw new ClosedChannelException();
        }
        int len = src.remaining();
        MemorySegment from = MemorySegment.ofBuffer(src);
        int done = 0;
        while (done < len) {
            try (Lease mem = src.isDirect() ? Lease.of(from.asSlice(done)) : Lease.pooled(len - done)) {
                int chunk = Math.min(len - done, mem.size());
                if (mem.pooled()) {
                    MemorySegment.copy(from, done, mem.segment(), 0, chunk);
                }
                if (sinkEnd.isNonBlocking()) { // one attempt: what fits in the pipe now
                    long n = sinkEnd.attempt(true, mem.address(), chunk);
                    done += (int) Math.max(n, 0);
                    break;
                }
                done += writeAll(mem, chunk);
            }
        }
        src.position(src.position() + done);
        return done;
    }

    /** WRITEs {@code len} bytes of {@code mem} into the sink until all are taken; returns {@code len}. */
    private int writeAll(Lease mem, int len) throws IOException {
        for (int done = 0; done < len; ) {
            RwOp op = RwOp.write(sink.fd(), mem, done, len - done, -1);
            try {
                int r = Blocking.run(sink, op, 0, Style.CHANNEL, "Write");
                if (r < 0) {
                    throw Errors.forFd(r, "write to pipe");
                }
                done += r;
            } finally {
                Blocking.release(op);
            }
        }
        return len;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, dsts.length);
        if (source.isClosing()) {
            throw new ClosedChannelException();
        }
        IoVec v = IoVec.scatter(dsts, offset, length, RingSocket.HEAP_READ_MAX);
        if (v.count() == 0) {
            v.release();
            return 0;
        }
        long r = transferv(source, sourceEnd, false, v, "read from pipe");
        if (r < 0) {
            return 0; // non-blocking: nothing now
        }
        return r == 0 ? -1 : r;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, srcs.length);
        if (sink.isClosing()) {
            throw new ClosedChannelException();
        }
        long total = 0;
        while (true) {
            IoVec v = IoVec.gather(srcs, offset, length);
            if (v.count() == 0) {
                v.release();
                return total;
            }
            long r = transferv(sink, sinkEnd, true, v, "write to pipe");
            if (r < 0) {
                return total; // non-blocking: the pipe is full
            }
            total += r;
            if (sinkEnd.isNonBlocking()) {
                return total; // non-blocking: one attempt
            }
        }
    }

    /**
     * One vectored transfer over {@code v} on end {@code h}: a single attempt in non-blocking mode
     * (-1: nothing now), else a READV/WRITEV through the ring. Moves the buffers by the count and
     * releases {@code v} once the kernel is done with it.
     */
    private static long transferv(FdHandle h, End end, boolean write, IoVec v, String what) throws IOException {
        long r;
        if (end.isNonBlocking()) {
            try {
                r = NonBlocking.transferv(h, write, false, v);
                if (r > 0) {
                    v.done(r);
                }
            } finally {
                v.release();
            }
            if (NonBlocking.wouldBlock(r)) {
                return -1;
            }
        } else {
            VectorOp op = VectorOp.rw(write, h.fd(), v, -1);
            try {
                r = Blocking.run(h, op, 0, Style.CHANNEL, write ? "Write" : "Read");
                if (r > 0) {
                    v.done(r);
                }
            } finally {
                Blocking.release(op);
            }
        }
        if (r < 0) {
            throw Errors.forFd((int) r, what);
        }
        return r;
    }

    @Override
    public void closeSource() {
        source.close();
    }

    @Override
    public void closeSink() {
        sink.close();
    }

    @Override
    public boolean isSourceOpen() {
        return !source.isClosing();
    }

    @Override
    public boolean isSinkOpen() {
        return !sink.isClosing();
    }

    @Override
    public void setInterruptPolicy(InterruptPolicy policy) {
        source.interruptPolicy(policy);
        sink.interruptPolicy(policy);
    }

    @Override
    public String toString() {
        return "UringPipe[source " + source + ", sink " + sink + "]";
    }
}

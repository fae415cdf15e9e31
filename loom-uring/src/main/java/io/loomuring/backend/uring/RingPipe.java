package io.loomuring.backend.uring;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

import io.loomuring.InterruptPolicy;
import io.loomuring.LoomUring;
import io.loomuring.UringPipe;
import io.loomuring.internal.Blocking;
import io.loomuring.internal.Bounce;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Interrupts;
import io.loomuring.internal.Fds;
import io.loomuring.internal.Style;
import io.loomuring.internal.memory.IoVec;
import io.loomuring.internal.op.RwOp;
import io.loomuring.internal.op.VectorOp;
import io.loomuring.poller.PollerGroup;

/** {@link UringPipe} on io_uring: each end is a descriptor with its own close protocol ({@link FdHandle}). */
final class RingPipe extends UringPipe implements io.loomuring.internal.PipeEnds {
    /** Most bytes one heap read takes in (the bounce buffer's size). */

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
    private static final class End implements io.loomuring.internal.NonBlockingMode {
        private final FdHandle h;
        private volatile boolean on;

        End(FdHandle h) {
            this.h = h;
        }

        @Override
        public FdHandle fdHandle() {
            return h;
        }

        @Override
        public void nonBlocking(boolean on) throws IOException {
            io.loomuring.internal.NonBlocking.configure(h, on);
            this.on = on;
        }

        @Override
        public boolean isNonBlocking() {
            return on;
        }

        /** One attempt: the count, or -1 for EAGAIN. */
        long attempt(boolean write, long addr, long len) throws IOException {
            long r = io.loomuring.internal.NonBlocking.transfer(h, write, addr, len);
            if (r >= 0) {
                return r;
            }
            if (io.loomuring.internal.NonBlocking.wouldBlock(r)) {
                return -1;
            }
            throw Errors.forFd((int) r, write ? "write to pipe" : "read from pipe");
        }
    }

    @Override
    public io.loomuring.internal.NonBlockingMode sourceEnd() {
        return sourceEnd;
    }

    @Override
    public io.loomuring.internal.NonBlockingMode sinkEnd() {
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
        int len = dst.remaining();
        if (len == 0) {
            return 0;
        }
        int n;
        if (sourceEnd.on) {
            if (dst.isDirect()) {
                n = (int) sourceEnd.attempt(false, MemorySegment.ofBuffer(dst).address(), len);
            } else {
                n = Bounce.readInto(dst, len, (addr, max, owner) -> (int) sourceEnd.attempt(false, addr, max));
            }
            if (n < 0) {
                return 0; // nothing now
            }
        } else if (dst.isDirect()) {
            n = readOnce(MemorySegment.ofBuffer(dst).address(), len, dst);
        } else {
            n = Bounce.readInto(dst, len, this::readOnce);
        }
        if (n == 0) {
            return -1;
        }
        dst.position(dst.position() + n);
        return n;
    }

    private int readOnce(long addr, int len, Object owner) throws IOException {
        int r = Blocking.run(source, RwOp.read(source.fd(), addr, len, -1, owner), 0, Style.CHANNEL, "Read");
        if (r < 0) {
            throw Errors.forFd(r, "read from pipe");
        }
        return r;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (sink.isClosing()) {
            throw new ClosedChannelException();
        }
        if (sinkEnd.on) {
            int len = src.remaining();
            long n;
            if (src.isDirect()) {
                n = sinkEnd.attempt(true, MemorySegment.ofBuffer(src).address(), len);
            } else {
                MemorySegment heap = MemorySegment.ofBuffer(src);
                n = Bounce.with(len, b -> {
                    int chunk = (int) Math.min(len, b.capacity());
                    MemorySegment.copy(heap, 0, b.segment(), 0, chunk);
                    return sinkEnd.attempt(true, b.address(), chunk);
                });
            }
            if (n <= 0) {
                return 0; // the pipe is full
            }
            src.position(src.position() + (int) n);
            return (int) n;
        }
        int len = Bounce.writeAll(src, this::writeAll);
        src.position(src.position() + len);
        return len;
    }

    private void writeAll(long addr, long len, Object owner) throws IOException {
        long done = 0;
        while (done < len) {
            int chunk = (int) Math.min(len - done, 1 << 30);
            int r = Blocking.run(sink, RwOp.write(sink.fd(), addr + done, chunk, -1, owner), 0, Style.CHANNEL, "Write");
            if (r < 0) {
                throw Errors.forFd(r, "write to pipe");
            }
            done += r;
        }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, dsts.length);
        if (source.isClosing()) {
            throw new ClosedChannelException();
        }
        IoVec v = IoVec.scatter(dsts, offset, length, Bounce.HEAP_READ_MAX);
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
            if (sinkEnd.on) {
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
        if (end.on) {
            try {
                r = io.loomuring.internal.NonBlocking.transferv(h, write, false, v);
                if (r > 0) {
                    v.done(r);
                }
            } finally {
                v.release();
            }
            if (io.loomuring.internal.NonBlocking.wouldBlock(r)) {
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
        source.interruptPolicy(Interrupts.valueOf(policy.name()));
        sink.interruptPolicy(Interrupts.valueOf(policy.name()));
    }

    @Override
    public String toString() {
        return "UringPipe[source " + source + ", sink " + sink + "]";
    }
}

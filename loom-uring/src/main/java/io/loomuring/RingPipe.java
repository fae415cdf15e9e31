package io.loomuring;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

import io.loomuring.internal.Blocking;
import io.loomuring.internal.Bounce;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.LibC;
import io.loomuring.internal.Style;
import io.loomuring.internal.op.RwOp;
import io.loomuring.poller.PollerGroup;

/** {@link UringPipe} on io_uring: each end is a descriptor with its own close protocol ({@link FdHandle}). */
final class RingPipe extends UringPipe {
    /** Most bytes one heap read takes in (the bounce buffer's size). */
    private static final int HEAP_READ_MAX = 64 * 1024;

    private final FdHandle source;
    private final FdHandle sink;

    private RingPipe(FdHandle source, FdHandle sink) {
        this.source = source;
        this.sink = sink;
    }

    static RingPipe openPipe() throws IOException {
        int[] fds = LibC.pipe();
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
        if (dst.isDirect()) {
            n = readOnce(MemorySegment.ofBuffer(dst).address(), len, dst);
        } else {
            n = Bounce.with(Math.min(len, HEAP_READ_MAX), b -> {
                int k = readOnce(b.address(), Math.min(len, Math.min(b.capacity(), HEAP_READ_MAX)), b);
                MemorySegment.copy(b.segment(), 0, MemorySegment.ofBuffer(dst), 0, k);
                return k;
            });
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

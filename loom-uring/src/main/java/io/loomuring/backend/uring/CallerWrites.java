package io.loomuring.backend.uring;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;

import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.FileFlags;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.LibC;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One file's buffered writes on the calling thread, where that is the cheapest path. A buffered
 * write copies into the page cache; io_uring does it inline when the file system can promise not
 * to block ({@code RWF_NOWAIT}), and otherwise hands it to an io-wq worker thread — on ext4, which
 * refuses {@code RWF_NOWAIT} for buffered writes, every one: a thread hop and a wake-up per write,
 * measured at 0.72–0.85× the JDK's rate (bench/run writes). So a write first tries
 * {@code pwritev2(RWF_NOWAIT)} on the caller: done at once, or EAGAIN (it would block: the ring
 * does it, and the carrier runs other threads meanwhile). A file system that answers EOPNOTSUPP
 * cannot say in advance, and its writes are done as the JDK does them, by a plain
 * {@code pwritev2} on the caller. {@code -Dloomuring.file.caller=false} sends every write to the
 * ring; O_DIRECT writes always go there (they wait for the device).
 *
 * <p>Threads: any; {@link #mode} is a benign race (every thread reaches the same answer).
 */
final class CallerWrites {
    private static final int NOWAIT = 0, PLAIN = 1, RING = 2;
    private int mode;

    /** For a file that may use it ({@code false}: O_DIRECT). */
    CallerWrites(boolean allowed) {
        this.mode = CallerOps.WRITES && allowed ? NOWAIT : RING;
    }

    /**
     * Writes up to {@code len} bytes from native memory at {@code addr} at {@code position} (-1: at
     * the file position, which O_APPEND puts at the end): the count, or -1 when the ring must do it.
     *
     * @throws ClosedChannelException the file is closing
     * @throws IOException            the write failed, with the errno name
     */
    int write(FdHandle h, long addr, int len, long position, Path path) throws IOException {
        if (mode == RING || Thread.currentThread().isInterrupted()) {
            return -1;  // an interrupted thread goes through the ring, which closes the channel as the JDK does
        }
        CallState st = CallState.take();
        try {
            MemorySegment iov = st.scratch();
            iov.set(JAVA_LONG, 0, addr);
            iov.set(JAVA_LONG, 8, len);
            return (int) writev(st, h, iov.address(), 1, position, path);
        } finally {
            st.release();
        }
    }

    /**
     * As {@link #write}, for {@code count} iovecs at {@code iov}: the bytes written, or -1 when the
     * ring must do it.
     */
    long writev(FdHandle h, long iov, int count, long position, Path path) throws IOException {
        if (mode == RING || Thread.currentThread().isInterrupted()) {
            return -1;
        }
        CallState st = CallState.take();
        try {
            return writev(st, h, iov, count, position, path);
        } finally {
            st.release();
        }
    }

    private long writev(CallState st, FdHandle h, long iov, int count, long position, Path path) throws IOException {
        if (!h.begin()) {
            throw new ClosedChannelException();
        }
        long r;
        try {
            MemorySegment vec = MemorySegment.ofAddress(iov).reinterpret(16L * count);
            r = LibC.pwritev2(st, h.fd(), vec, count, position, mode == NOWAIT ? FileFlags.RWF_NOWAIT : 0);
            if (r == -Errno.EOPNOTSUPP && mode == NOWAIT) {
                mode = PLAIN;
                r = LibC.pwritev2(st, h.fd(), vec, count, position, 0);
            }
        } finally {
            h.end();
        }
        if (r >= 0) {
            return r;
        }
        if (r == -Errno.EAGAIN || r == -Errno.EINTR) {
            return -1;
        }
        if (r == -Errno.ESPIPE || r == -Errno.EOPNOTSUPP) {
            mode = RING;
            return -1;
        }
        throw Errors.forFd((int) r, "write to " + path);
    }
}

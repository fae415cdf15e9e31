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
 * One file's page-cache-first reads: a {@code preadv2(RWF_NOWAIT)} from the calling thread either
 * copies from the page cache at once — no ring round trip — or answers EAGAIN without blocking, and
 * only then does the read go to the ring. A file whose reads keep missing (each EAGAIN costs a system
 * call) stops trying and probes again every {@value #PROBE_EVERY} reads; a file system without
 * RWF_NOWAIT, or a FIFO, stops for good. {@code -Dloomuring.file.nowait=false} turns it off.
 *
 * <p>Threads: any. The miss and skip counters are a heuristic: racy updates between threads only
 * shift the guess.
 */
final class PageCacheFirst {
    /** Whether reads try the page cache first. */
    static final boolean ENABLED = !"false".equals(System.getProperty("loomuring.file.nowait"));
    private static final int MISS_LIMIT = 64;
    private static final int PROBE_EVERY = 32;

    private volatile boolean on;   // cleared if the file system refuses RWF_NOWAIT
    private int misses;            // recent EAGAINs (+2) against hits (-1)
    private int skips;             // reads sent straight to the ring

    /** For a file that may use it ({@code false}: O_DIRECT, which bypasses the page cache). */
    PageCacheFirst(boolean allowed) {
        this.on = ENABLED && allowed;
    }

    /**
     * Reads up to {@code len} bytes at {@code position} into native memory at {@code addr} from the
     * page cache: the count (0 at end of file), or -1 when the ring must do the read.
     *
     * @throws ClosedChannelException the file is closing
     * @throws IOException            the read failed otherwise, with the errno name
     */
    int read(FdHandle h, long addr, int len, long position, Path path) throws IOException {
        if (!worthTrying()) {
            return -1;
        }
        if (!h.begin()) {
            throw new ClosedChannelException();
        }
        long r;
        CallState st = CallState.take();
        try {
            MemorySegment iov = st.scratch();
            iov.set(JAVA_LONG, 0, addr);
            iov.set(JAVA_LONG, 8, len);
            r = LibC.preadv2(st, h.fd(), iov, 1, position, FileFlags.RWF_NOWAIT);
        } finally {
            st.release();
            h.end();
        }
        if (r >= 0) {
            misses = Math.max(0, misses - 1);
            return (int) r;
        }
        if (r == -Errno.EOPNOTSUPP || r == -Errno.ESPIPE) {
            on = false;
        } else if (r == -Errno.EAGAIN) {
            misses = Math.min(MISS_LIMIT, misses + 2);
        } else {
            throw Errors.forFd((int) r, "read of " + path);
        }
        return -1;
    }

    private boolean worthTrying() {
        if (!on || Thread.currentThread().isInterrupted()) {
            return false;
        }
        if (misses < MISS_LIMIT) {
            return true;
        }
        return (++skips & (PROBE_EVERY - 1)) == 0;
    }
}

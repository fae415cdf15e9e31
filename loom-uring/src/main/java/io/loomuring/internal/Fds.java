package io.loomuring.internal;

import java.lang.foreign.MemorySegment;

import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.LibC;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Descriptor calls that never wait, made from the calling thread through {@link LibC}: close, pipe,
 * a pipe's capacity, ftruncate. Each returns its result or {@code -errno}.
 *
 * <p>Threads: any. A virtual thread pins its carrier only for the call.
 */
public final class Fds {
    private Fds() {}

    private static final int O_CLOEXEC = 02000000;
    /** {@code F_SETPIPE_SZ} (linux/fcntl.h: F_LINUX_SPECIFIC_BASE + 7). */
    private static final int F_SETPIPE_SZ = 1031;

    /** {@code close(fd)}: 0 or {@code -errno}. */
    public static int close(int fd) {
        CallState st = CallState.take();
        try {
            return LibC.close(st, fd);
        } finally {
            st.release();
        }
    }

    /** {@code pipe2(fds, O_CLOEXEC)}: {read end, write end}, or {@code {-errno}}. */
    public static int[] pipe() {
        CallState st = CallState.take();
        try {
            MemorySegment fds = st.scratch();
            int r = LibC.pipe2(st, fds, O_CLOEXEC);
            return r == 0 ? new int[] {fds.get(JAVA_INT, 0), fds.get(JAVA_INT, 4)} : new int[] {r};
        } finally {
            st.release();
        }
    }

    /**
     * {@code fcntl(fd, F_SETPIPE_SZ, size)}: the pipe's new capacity (at least {@code size},
     * rounded up to pages), or {@code -errno} (EPERM past {@code /proc/sys/fs/pipe-max-size} or
     * the user's pipe budget).
     */
    public static int setPipeSize(int fd, int size) {
        CallState st = CallState.take();
        try {
            return LibC.fcntl(st, fd, F_SETPIPE_SZ, size);
        } finally {
            st.release();
        }
    }

    /** {@code ftruncate(fd, length)}: 0 or {@code -errno}. */
    public static int ftruncate(int fd, long length) {
        CallState st = CallState.take();
        try {
            return LibC.ftruncate(st, fd, length);
        } finally {
            st.release();
        }
    }
}

package io.loomuring.internal.op;

import java.lang.foreign.MemorySegment;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.loomuring.internal.memory.BufferPool;
import io.loomuring.internal.memory.NativeBuffer;
import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.FileFlags;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.LibC;
import io.loomuring.poller.sys.Syscalls;
import io.loomuring.poller.ring.Sqe;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The path operations: {@code OPENAT}, {@code STATX}, {@code MKDIRAT}, {@code UNLINKAT},
 * {@code RENAMEAT}, {@code LINKAT}, {@code SYMLINKAT}. Their one or two NUL-terminated paths (and
 * the {@code struct statx} result) live in one pooled buffer owned until the CQE.
 *
 * <p>Layout of the buffer: first path at 0, second path at {@link #SECOND}, statx at {@link #STATX}.
 */
public final class PathOp extends Operation {
    static final int PATH_MAX = 4096;
    private static final long SECOND = PATH_MAX;
    private static final long RESOLVE_CACHED = 0x20;
    /** Where a statx result is written. */
    public static final long STATX = 2L * PATH_MAX;
    private static final Charset FS = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    /** Whether {@link #FS} encodes each ASCII character as that one byte (UTF-8, ISO-8859-1, ASCII). */
    private static final boolean FS_ASCII_COMPATIBLE = FS.equals(StandardCharsets.UTF_8)
            || FS.equals(StandardCharsets.ISO_8859_1) || FS.equals(StandardCharsets.US_ASCII);

    /** Whether every character of {@code s} is ASCII (below 0x80). */
    private static boolean ascii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private final int opcode;
    private final int dirfd;
    private final int len;
    private final int opFlags;
    private final NativeBuffer buf;
    private final boolean hasSecond;

    private PathOp(int opcode, int dirfd, Path first, Path second, int len, int opFlags) {
        this.opcode = opcode;
        this.dirfd = dirfd;
        this.len = len;
        this.opFlags = opFlags;
        this.buf = BufferPool.shared().acquire(3L * PATH_MAX);
        this.hasSecond = second != null;
        try {
            put(first == null ? "" : first.toString(), 0);
            if (second != null) {
                put(second.toString(), SECOND);
            }
        } catch (RuntimeException e) {
            BufferPool.shared().release(buf);
            throw e;
        }
    }

    /**
     * This {@code openat} or {@code statx} as a direct system call on the calling thread instead of
     * the ring (the ring hands every {@code statx}, and every {@code O_CREAT} or {@code O_TRUNC}
     * open, to an io-wq worker): the new fd, or 0 with the status at {@link #STATX} of
     * {@link #memory()}; or {@code -errno}. The operation is never submitted: release it with
     * {@link #releaseOnce()}.
     */
    public int runOnCaller() {
        return runOnCaller(false);
    }

    /**
     * As {@link #runOnCaller()}; with {@code cachedOnly} an {@code openat} resolves its path from
     * the kernel's caches alone ({@code openat2} with {@code RESOLVE_CACHED}) and answers
     * {@code -EAGAIN} instead of blocking on a lookup — then the ring must do it. Not for
     * {@code O_CREAT} or {@code O_TRUNC}, which {@code RESOLVE_CACHED} always refuses.
     */
    public int runOnCaller(boolean cachedOnly) {
        if (cachedOnly && opcode == Opcode.OPENAT) {
            return openCached(dirfd, buf.address(), buf.segment().asSlice(SECOND, 24), opFlags & 0xFFFF_FFFFL);
        }
        CallState st = CallState.take();
        try {
            return switch (opcode) {
                case Opcode.OPENAT -> LibC.openat(st, dirfd, buf.segment(), opFlags, len);
                case Opcode.STATX -> LibC.statx(st, dirfd, buf.segment(), opFlags, len, buf.segment().asSlice(STATX));
                default -> throw new IllegalStateException("not an openat or statx: " + opcode);
            };
        } finally {
            st.release();
        }
    }

    /**
     * {@code openat2(dirfd, path, {flags, 0, RESOLVE_CACHED})} on the calling thread, with the
     * {@code struct open_how} written into {@code how} (24 bytes) and the NUL-terminated path at
     * address {@code path}: the fd, or {@code -errno}; {@code -EAGAIN} when the path is not in the
     * kernel's caches (the ring must open it), {@code -ENOSYS} before Linux 5.6.
     */
    static int openCached(int dirfd, long path, MemorySegment how, long flags) {
        CallState st = CallState.take();
        try {
            how.set(JAVA_LONG, 0, flags);
            how.set(JAVA_LONG, 8, 0L);              // mode: only with O_CREAT, which RESOLVE_CACHED refuses
            how.set(JAVA_LONG, 16, RESOLVE_CACHED);
            return Syscalls.openat2(st, dirfd, path, how);
        } finally {
            st.release();
        }
    }

    private void put(String path, long at) {
        putPath(buf.segment(), at, path);
    }

    /**
     * Writes {@code path} NUL-terminated at {@code at} of {@code seg} (at most {@code PATH_MAX} bytes
     * in the file system's encoding).
     *
     * @throws IllegalArgumentException a path too long, or with a NUL byte
     */
    static void putPath(MemorySegment seg, long at, String path) {
        if (FS_ASCII_COMPATIBLE && ascii(path)) {
            // the usual path: setString copies an ASCII string's bytes without an array in between
            if (path.length() >= PATH_MAX) {
                throw new IllegalArgumentException("path longer than PATH_MAX (" + PATH_MAX + " bytes): " + path);
            }
            if (path.indexOf(0) >= 0) {
                throw new IllegalArgumentException("path contains a NUL byte: " + path);
            }
            seg.setString(at, path, FS); // the bytes and the terminating NUL
            return;
        }
        byte[] b = path.getBytes(FS);
        if (b.length >= PATH_MAX) {
            throw new IllegalArgumentException("path longer than PATH_MAX (" + PATH_MAX + " bytes): " + path);
        }
        for (byte c : b) {
            if (c == 0) {
                throw new IllegalArgumentException("path contains a NUL byte: " + path);
            }
        }
        MemorySegment.copy(b, 0, seg, JAVA_BYTE, at, b.length);
        seg.set(JAVA_BYTE, at + b.length, (byte) 0);
    }

    /** {@code openat(AT_FDCWD, path, flags, mode)}: {@code res} is the new fd. */
    public static PathOp openat(Path path, int flags, int mode) {
        return new PathOp(Opcode.OPENAT, FileFlags.AT_FDCWD, path, null, mode, flags | FileFlags.O_CLOEXEC);
    }

    /** {@code statx(AT_FDCWD, path, flags, mask, buf + STATX)}. */
    public static PathOp statx(Path path, int atFlags, int mask) {
        return new PathOp(Opcode.STATX, FileFlags.AT_FDCWD, path, null, mask, atFlags);
    }

    /** {@code statx(fd, "", AT_EMPTY_PATH, mask, buf + STATX)}: the open file's own status. */
    public static PathOp fstatx(int fd, int mask) {
        return new PathOp(Opcode.STATX, fd, null, null, mask, FileFlags.AT_EMPTY_PATH);
    }

    public static PathOp mkdirat(Path path, int mode) {
        return new PathOp(Opcode.MKDIRAT, FileFlags.AT_FDCWD, path, null, mode, 0);
    }

    public static PathOp unlinkat(Path path, int flags) {
        return new PathOp(Opcode.UNLINKAT, FileFlags.AT_FDCWD, path, null, 0, flags);
    }

    public static PathOp renameat(Path from, Path to, int flags) {
        return new PathOp(Opcode.RENAMEAT, FileFlags.AT_FDCWD, from, to, FileFlags.AT_FDCWD, flags);
    }

    /** {@code linkat(AT_FDCWD, existing, AT_FDCWD, link, 0)}. */
    public static PathOp linkat(Path existing, Path link) {
        return new PathOp(Opcode.LINKAT, FileFlags.AT_FDCWD, existing, link, FileFlags.AT_FDCWD, 0);
    }

    /** {@code symlinkat(target, AT_FDCWD, link)}. */
    public static PathOp symlinkat(Path target, Path link) {
        return new PathOp(Opcode.SYMLINKAT, FileFlags.AT_FDCWD, target, link, 0, 0);
    }

    /** The pooled buffer (paths, then the statx result at {@link #STATX}). */
    public MemorySegment memory() {
        return buf.segment();
    }

    @Override
    protected void prepare(Sqe sqe) {
        long first = buf.address();
        long second = hasSecond ? buf.address() + SECOND : 0;
        switch (opcode) {
            case Opcode.STATX -> sqe.prepRw(opcode, dirfd, first, len, buf.address() + STATX);
            case Opcode.RENAMEAT, Opcode.LINKAT -> sqe.prepRw(opcode, dirfd, first, len, second);
            case Opcode.SYMLINKAT -> sqe.prepRw(opcode, dirfd, first, 0, second);
            default -> sqe.prepRw(opcode, dirfd, first, len, 0);
        }
        sqe.opFlags(opFlags);
    }

    @Override
    protected void release() {
        BufferPool.shared().release(buf);
    }

    @Override
    public String toString() {
        return Opcode.name(opcode) + "[" + Operation.stateName(state()) + "]";
    }
}

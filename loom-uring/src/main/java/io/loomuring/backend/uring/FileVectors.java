package io.loomuring.backend.uring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import io.loomuring.UringFile;
import io.loomuring.internal.Blocking;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Style;
import io.loomuring.internal.jfr.FileIoEvents;
import io.loomuring.internal.op.VectorOp;
import io.loomuring.poller.kernel.Errno;

/**
 * A file's scattering reads and gathering writes: one {@code IORING_OP_READV}/{@code WRITEV} when
 * every buffer is direct (and the file is not O_DIRECT, whose alignment each buffer would have to
 * meet) and there are at most {@code IOV_MAX}; otherwise one positional operation per buffer.
 * The caller holds the file's position lock and moves the position by what these return.
 */
final class FileVectors {
    private FileVectors() {}

    /**
     * Reads into {@code dsts[offset .. offset+length)} from {@code position}, advancing each
     * buffer by what it received: the bytes read, -1 at end of file, 0 when no buffer had room.
     */
    static long read(UringFile file, FdHandle h, Path path, boolean direct, ByteBuffer[] dsts, int offset,
                     int length, long position) throws IOException {
        boolean allDirect = length <= VectorOp.IOV_MAX && !direct;
        for (int i = offset; i < offset + length; i++) {
            allDirect &= dsts[i].isDirect() && !dsts[i].isReadOnly();
            if (dsts[i].isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer");
            }
        }
        if (allDirect) {
            long n = FileIoEvents.read(path, () -> readv(h, path, dsts, offset, length, position));
            advance(dsts, offset, length, Math.max(n, 0));
            return n;
        }
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            if (!dsts[i].hasRemaining()) {
                continue;
            }
            int want = dsts[i].remaining();
            int k = file.read(dsts[i], position + n);
            if (k <= 0) {
                break;
            }
            n += k;
            if (k < want) {
                break;
            }
        }
        if (n == 0) {
            return remaining(dsts, offset, length) > 0 ? -1 : 0;
        }
        return n;
    }

    /** One READV: the bytes read, -1 at end of file (0 bytes into buffers with room). */
    private static long readv(FdHandle h, Path path, ByteBuffer[] dsts, int offset, int length, long position)
            throws IOException {
        VectorOp op = new VectorOp(false, h.fd(), dsts, offset, length, position);
        try {
            int r = Blocking.run(h, op, 0, Style.CHANNEL, "Read");
            if (r < 0) {
                throw Errors.forFd(r, "readv of " + path);
            }
            return r == 0 && remaining(dsts, offset, length) > 0 ? -1 : r;
        } finally {
            Blocking.release(op);
        }
    }

    /**
     * Writes all of {@code srcs[offset .. offset+length)} at {@code position} (at the end for
     * APPEND), advancing each buffer: the bytes written.
     */
    static long write(UringFile file, FdHandle h, Path path, boolean direct, boolean append, ByteBuffer[] srcs,
                      int offset, int length, long position) throws IOException {
        boolean allDirect = length <= VectorOp.IOV_MAX && !direct;
        for (int i = offset; i < offset + length; i++) {
            allDirect &= srcs[i].isDirect();
        }
        long total = remaining(srcs, offset, length);
        if (allDirect && total > 0) {
            return FileIoEvents.write(path, () -> writev(h, path, append, srcs, offset, length, position, total));
        }
        for (int i = offset; i < offset + length; i++) {
            file.write(srcs[i], position + (total - remaining(srcs, offset, length)));
        }
        return total;
    }

    /** WRITEVs until all {@code total} bytes are written: {@code total}. */
    private static long writev(FdHandle h, Path path, boolean append, ByteBuffer[] srcs, int offset, int length,
                               long position, long total) throws IOException {
        long done = 0;
        int first = offset;
        while (done < total) {
            while (!srcs[first].hasRemaining()) {
                first++;
            }
            VectorOp op = new VectorOp(true, h.fd(), srcs, first, offset + length - first,
                    append ? -1 : position + done);
            int r;
            try {
                r = Blocking.run(h, op, 0, Style.CHANNEL, "Write");
            } finally {
                Blocking.release(op);
            }
            if (r <= 0) {
                throw Errors.forFd(r == 0 ? -Errno.EIO : r, "writev to " + path);
            }
            advance(srcs, first, offset + length - first, r);
            done += r;
        }
        return total;
    }

    /** Moves the buffers' positions over the {@code n} bytes one vectored operation moved. */
    private static void advance(ByteBuffer[] bs, int offset, int length, long n) {
        long left = n;
        for (int i = offset; i < offset + length && left > 0; i++) {
            int k = (int) Math.min(left, bs[i].remaining());
            bs[i].position(bs[i].position() + k);
            left -= k;
        }
    }

    private static long remaining(ByteBuffer[] bs, int offset, int length) {
        long r = 0;
        for (int i = offset; i < offset + length; i++) {
            r += bs[i].remaining();
        }
        return r;
    }
}

package io.loomuring.backend.uring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import io.loomuring.UringFile;
import io.loomuring.internal.Blocking;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Style;
import io.loomuring.internal.jfr.IoEvents;
import io.loomuring.internal.memory.IoVec;
import io.loomuring.internal.op.VectorOp;
import io.loomuring.poller.kernel.Errno;

/**
 * A file's scattering reads and gathering writes: one {@code IORING_OP_READV}/{@code WRITEV} over
 * an {@link IoVec} of all the buffers (direct ones in place, heap ones staged in pooled native
 * memory; at most {@code IOV_MAX} buffers and 1 MiB of heap bytes per operation, a partial write
 * going on from the exact byte where it stopped). An O_DIRECT file, whose alignment each buffer
 * must meet, takes one positional operation per buffer instead, each whole and in order.
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
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer");
            }
        }
        if (!direct) {
            return IoEvents.fileRead(path, () -> readv(h, path, dsts, offset, length, position));
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

    /** One READV, moving the buffers: the bytes read, -1 at end of file (0 when no buffer has room). */
    private static long readv(FdHandle h, Path path, ByteBuffer[] dsts, int offset, int length, long position)
            throws IOException {
        IoVec v = IoVec.scatter(dsts, offset, length, IoVec.STAGE_MAX);
        if (v.count() == 0) {
            v.release();
            return 0;
        }
        VectorOp op = VectorOp.rw(false, h.fd(), v, position);
        try {
            int r = Blocking.run(h, op, 0, Style.CHANNEL, "Read");
            if (r < 0) {
                throw Errors.forFd(r, "readv of " + path);
            }
            v.done(r);
            return r == 0 ? -1 : r;
        } finally {
            Blocking.release(op);
        }
    }

    /**
     * Writes all of {@code srcs[offset .. offset+length)} at {@code position} (at the end for
     * APPEND), advancing each buffer: the bytes written.
     */
    static long write(UringFile file, FdHandle h, Path path, boolean direct, boolean append, CallerWrites caller,
                      ByteBuffer[] srcs, int offset, int length, long position) throws IOException {
        long total = remaining(srcs, offset, length);
        if (!direct && total > 0) {
            return IoEvents.fileWrite(path, () -> writev(h, path, append, caller, srcs, offset, length, position, total));
        }
        for (int i = offset; i < offset + length; i++) {
            file.write(srcs[i], position + (total - remaining(srcs, offset, length)));
        }
        return total;
    }

    /**
     * WRITEVs until all {@code total} bytes are written, each resuming where the last stopped, on the
     * caller where that is cheapest ({@link CallerWrites}): {@code total}.
     */
    private static long writev(FdHandle h, Path path, boolean append, CallerWrites caller, ByteBuffer[] srcs, int offset,
                               int length, long position, long total) throws IOException {
        long done = 0;
        while (done < total) {
            IoVec v = IoVec.gather(srcs, offset, length);
            long at = append ? -1 : position + done;
            long direct;
            try {
                direct = caller.writev(h, v.iovAddress(), v.count(), at, path);
            } catch (IOException | RuntimeException e) {
                v.release();
                throw e;
            }
            if (direct > 0) {
                v.done(direct);
                v.release();
                done += direct;
                continue;
            }
            VectorOp op = VectorOp.rw(true, h.fd(), v, at);
            try {
                int r = Blocking.run(h, op, 0, Style.CHANNEL, "Write");
                if (r <= 0) {
                    throw Errors.forFd(r == 0 ? -Errno.EIO : r, "writev to " + path);
                }
                v.done(r);
                done += r;
            } finally {
                Blocking.release(op);
            }
        }
        return total;
    }

    private static long remaining(ByteBuffer[] bs, int offset, int length) {
        long r = 0;
        for (int i = offset; i < offset + length; i++) {
            r += bs[i].remaining();
        }
        return r;
    }
}

package io.loomuring.backend.uring;

import java.io.IOException;
import java.nio.file.Path;

import io.loomuring.internal.Blocking;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Fds;
import io.loomuring.internal.Style;
import io.loomuring.internal.op.SpliceOp;

/**
 * A file's transferTo and transferFrom with an io_uring socket, through a pipe and
 * {@code IORING_OP_SPLICE}: the bytes never reach user space. Each chunk is two ring round trips
 * (file → pipe, pipe → socket, or the reverse), so the pipe is grown to 1 MiB where the kernel
 * allows. The pipe is closed only after every splice has completed ({@code Blocking.run} returns
 * after the CQE, whatever interrupted it).
 */
final class FileSplice {
    private FileSplice() {}

    /** The pipe's default capacity: the most one splice moves when the pipe cannot grow. */
    private static final int DEFAULT_PIPE = 64 * 1024;
    /**
     * The capacity a transfer asks its pipe for: every chunk costs two ring round trips, so a
     * 1 MiB pipe (the default {@code pipe-max-size}) needs 16 times fewer than the default 64 KiB.
     */
    private static final int PIPE_WANTED = 1 << 20;

    /** A pipe for one transfer, grown where the kernel allows: {read end, write end, capacity}. */
    private static int[] pipe(String what) throws IOException {
        int[] pipe = Fds.pipe();
        if (pipe.length == 1) {
            throw Errors.forFd(pipe[0], "pipe for " + what);
        }
        int cap = Fds.setPipeSize(pipe[1], PIPE_WANTED);
        return new int[] {pipe[0], pipe[1], cap > 0 ? cap : DEFAULT_PIPE};
    }

    /** Up to {@code count} bytes of file {@code h} from {@code position} to {@code sock}; the bytes moved. */
    static long toSocket(FdHandle h, Path path, long position, long count, RingSocket sock) throws IOException {
        int[] pipe = pipe("transferTo");
        long done = 0;
        try {
            while (done < count) {
                int want = (int) Math.min(count - done, pipe[2]);
                int in = Blocking.run(h, new SpliceOp(h.fd(), position + done, pipe[1], -1, want), 0,
                        Style.CHANNEL, "transferTo");
                if (in < 0) {
                    throw Errors.forFd(in, "splice from " + path);
                }
                if (in == 0) {
                    break; // end of file
                }
                for (int left = in; left > 0; ) {
                    int out = sock.splice(pipe[0], left);
                    left -= out;
                }
                done += in;
            }
            return done;
        } finally {
            Fds.close(pipe[0]);
            Fds.close(pipe[1]);
        }
    }

    /** Up to {@code count} bytes from {@code sock} into file {@code h} at {@code position}; the bytes moved. */
    static long fromSocket(RingSocket sock, FdHandle h, Path path, long position, long count) throws IOException {
        int[] pipe = pipe("transferFrom");
        long done = 0;
        try {
            while (done < count) {
                int in = sock.spliceTo(pipe[1], (int) Math.min(count - done, pipe[2]));
                if (in == 0) {
                    break; // end of stream
                }
                for (int left = in; left > 0; ) {
                    int out = Blocking.run(h, new SpliceOp(pipe[0], -1, h.fd(), position + done + (in - left), left),
                            0, Style.CHANNEL, "transferFrom");
                    if (out < 0) {
                        throw Errors.forFd(out, "splice into " + path);
                    }
                    if (out == 0) {
                        throw new IOException("splice into " + path + " made no progress");
                    }
                    left -= out;
                }
                done += in;
            }
            return done;
        } finally {
            Fds.close(pipe[0]);
            Fds.close(pipe[1]);
        }
    }
}

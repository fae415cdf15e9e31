package io.loomuring.backend.uring;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;

import io.loomuring.LoomUring;
import io.loomuring.UringFile;
import io.loomuring.backend.OpenSpec;
import io.loomuring.internal.Blocking;
import io.loomuring.internal.Errors;
import io.loomuring.internal.op.PathOp;
import io.loomuring.internal.op.WholeFileOp;
import io.loomuring.poller.IoRing;
import io.loomuring.poller.PollerClosedException;
import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.FileFlags;
import io.loomuring.poller.kernel.StatxLayout;
import io.loomuring.spi.FileCounters;

/**
 * {@code UringFiles.readAllBytes}: a whole file in one trip where it can be. On a carrier ring the
 * calling virtual thread writes the four-SQE chain of {@link WholeFileOp} (open into a fixed slot,
 * read, read one more byte, close) into its carrier's ring and enters at once: for a file in the
 * page cache the kernel runs the four steps inline in that one {@code io_uring_enter}, and the
 * thread goes on without parking; a file that is not cached parks it until the disk answers, while
 * the carrier runs others. Elsewhere (the JDK's scheduler, platform threads) the same four steps
 * are system calls on the caller — {@code openat2(RESOLVE_CACHED)}, two {@code preadv2(RWF_NOWAIT)},
 * {@code close} — and anything that would block (a path or data not cached) goes to a shared ring
 * as the chain. A file longer than the chain reads ({@link WholeFileOp#CAPACITY}) is read again
 * through an open file, and so is one when the ring has no free fixed-file slot for a chain.
 *
 * <p>{@code -Dloomuring.file.wholeRead=chain|caller} forces one path for every thread (default:
 * {@code auto}, as above), to measure each; {@code -Dloomuring.file.chainNow=false} leaves a
 * carrier ring's chain to the carrier's next batch (the thread parks) instead of entering at once.
 */
final class WholeFiles {
    private WholeFiles() {}

    /** Whether a chain on a carrier ring is entered at once (else left for the carrier's next batch). */
    private static final boolean ENTER_NOW = !"false".equals(System.getProperty("loomuring.file.chainNow"));
    /** The largest array the JDK allocates (its {@code Files.readAllBytes} bound). */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    static byte[] readAllBytes(Path path) throws IOException {
        WholeFileOp op = new WholeFileOp(path);
        try {
            IoRing carrier = CarrierScheduler.currentRing();
            String mode = System.getProperty("loomuring.file.wholeRead", "auto"); // read per call: tests switch it
            boolean onCaller = mode.equals("caller") || (carrier == null && !mode.equals("chain"));
            if (onCaller) {
                int fd = op.openOnCaller();
                if (fd >= 0) {
                    int n;
                    try {
                        n = op.readOnCaller(fd, FileFlags.RWF_NOWAIT);
                        if ((n == -Errno.EAGAIN || n == -Errno.EOPNOTSUPP) && !reopenable(fd)) {
                            // A pipe or device with nothing to read yet: wait on this descriptor. Closing
                            // it to read again through the ring would break its writer's pipe.
                            n = op.readOnCaller(fd, 0);
                        }
                    } finally {
                        WholeFileOp.closeOnCaller(fd);
                    }
                    // EAGAIN: data not cached; EOPNOTSUPP: no non-blocking reads here (a directory,
                    // some file systems): the ring reads, and answers as a plain read would.
                    if (n != -Errno.EAGAIN && n != -Errno.EOPNOTSUPP) {
                        FileCounters.WHOLE_ON_CALLER.increment();
                        return result(op, path, n, op.moreResult());
                    }
                } else if (fd != -Errno.EAGAIN && fd != -Errno.ENOSYS) {
                    throw Errors.forPath(fd, path.toString(), null, "open");
                }
            }
            IoRing ring = carrier != null ? carrier : LoomUring.pollers().any();
            try {
                if (ENTER_NOW) {
                    ring.executeNow(op);
                } else {
                    ring.execute(op);
                }
            } catch (PollerClosedException e) {
                if (e.getCause() instanceof UnsupportedOperationException) {
                    // No fixed-file slot for the chain (an older kernel, or all lent): never submitted.
                    return throughFile(path);
                }
                throw e;
            }
            if (op.openResult() < 0) {
                throw Errors.forPath(op.openResult(), path.toString(), null, "open");
            }
            FileCounters.WHOLE_CHAINS.increment();
            return result(op, path, op.readResult(), op.moreResult());
        } finally {
            Blocking.release(op); // NEW when served on the caller: the kernel never saw its memory
        }
    }

    /** Whether {@code fd} is a regular file or a directory: closed and opened again, it reads the same. */
    private static boolean reopenable(int fd) {
        PathOp st = PathOp.fstatx(fd, StatxLayout.STATX_BASIC_STATS);
        try {
            if (st.runOnCaller() < 0) {
                return true;
            }
            return !StatxLayout.isStream(Statx.parse(st.memory(), PathOp.STATX).mode());
        } finally {
            st.releaseOnce();
        }
    }

    private static byte[] result(WholeFileOp op, Path path, int n, int more) throws IOException {
        if (n < 0) {
            throw Errors.forFd(n, "read");
        }
        if (more < 0) {
            throw Errors.forFd(more, "read");
        }
        return more == 0 ? op.bytes(n) : longer(path, n);
    }

    /**
     * The file held more than one read: a regular file (or a device, or procfs) is read again from
     * its start. A FIFO, character device or socket cannot be: what was read is gone from it, and
     * reading it again would give a program silently less than it holds — that is an error.
     */
    private static byte[] longer(Path path, int consumed) throws IOException {
        if (StatxLayout.isStream(RingPaths.stat(path).mode())) {
            throw new IOException(path + ": not a regular file and longer than one read ("
                    + (consumed + 1) + " bytes consumed); read it through UringFile");
        }
        return throughFile(path);
    }

    /**
     * A file longer than a chain reads, or one no chain could take: opened and read to its end, as
     * {@code Files.readAllBytes}.
     */
    private static byte[] throughFile(Path path) throws IOException {
        FileCounters.WHOLE_THROUGH_FILE.increment();
        try (UringFile f = RingFile.open(path, OpenSpec.of(Set.of(StandardOpenOption.READ)))) {
            long size = f.size();
            if (size > MAX_ARRAY) {
                throw new OutOfMemoryError("Required array size too large");
            }
            byte[] b = new byte[(int) Math.max(size, 8192)];
            int n = 0;
            for (;;) {
                if (n == b.length) {
                    if (b.length == MAX_ARRAY) {
                        throw new OutOfMemoryError("Required array size too large");
                    }
                    b = Arrays.copyOf(b, (int) Math.min(MAX_ARRAY, 2L * b.length));
                }
                int r = f.read(b, n, b.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return n == b.length ? b : Arrays.copyOf(b, n);
        }
    }
}

package io.loomuring.internal.op;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import io.loomuring.internal.memory.BufferPool;
import io.loomuring.internal.memory.NativeBuffer;
import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.FileFlags;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SqeLayout;
import io.loomuring.poller.ring.Sqe;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.LibC;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A whole small file read in one submission: a linked chain of four SQEs —
 * {@code openat} into a fixed-file slot, a read of up to {@link #CAPACITY} bytes, a read of one more
 * byte (0 proves the end of the file), and the slot's {@code close} — or the same four system calls
 * on the calling thread ({@link #openOnCaller}, {@link #readOnCaller}).
 *
 * <p>The chain: {@code openat} is linked ({@code IOSQE_IO_LINK}): when it fails, the kernel cancels
 * the rest ({@code -ECANCELED}) and the slot stays empty. The reads are hard-linked
 * ({@code IOSQE_IO_HARDLINK}): whatever they answer, the {@code close} runs and empties the slot.
 * Both reads use the file position ({@code off = -1}), so the second starts where the first ended,
 * for a regular file (whose short read in the ring is its end: the kernel retries short reads of
 * regular files) and for procfs alike. The kernel writes the path's, the data's and the extra byte's
 * memory until the last CQE: one pooled buffer, owned until then.
 *
 * <p>Layout of the buffer: path at 0, {@code struct open_how} at {@link #HOW}, an iovec at
 * {@link #IOV}, the extra byte at {@link #EXTRA}, the data at {@link #DATA}.
 */
public final class WholeFileOp extends Operation {
    private static final int SIZE = 64 * 1024;
    private static final long HOW = PathOp.PATH_MAX;
    private static final long IOV = HOW + 32;
    private static final long EXTRA = IOV + 16;
    private static final long DATA = 8192;
    /** The most bytes the chain reads; a longer file is read again by the caller's other path. */
    public static final int CAPACITY = (int) (SIZE - DATA);

    private final NativeBuffer buf;
    private int openRes = Integer.MIN_VALUE, readRes = Integer.MIN_VALUE, moreRes = Integer.MIN_VALUE;

    public WholeFileOp(Path path) {
        this.buf = BufferPool.shared().acquire(SIZE);
        try {
            PathOp.putPath(buf.segment(), 0, path.toString());
        } catch (RuntimeException e) {
            BufferPool.shared().release(buf);
            throw e;
        }
    }

    @Override
    protected int steps() {
        return 4;
    }

    @Override
    protected boolean needsFileSlot() {
        return true;
    }

    @Override
    protected void prepare(Sqe sqe) {
        throw new AssertionError("a chain");
    }

    @Override
    protected void prepareStep(int step, Sqe sqe, int fileSlot) {
        long a = buf.address();
        switch (step) {
            case 0 -> sqe.prepRw(Opcode.OPENAT, FileFlags.AT_FDCWD, a, 0, 0)
                    .opFlags(FileFlags.O_RDONLY) // no O_CLOEXEC: the kernel refuses it for a fixed slot
                    .spliceFdIn(fileSlot + 1)    // file_index: slot + 1
                    .flags(SqeLayout.IOSQE_IO_LINK);
            case 1 -> sqe.prepRw(Opcode.READ, fileSlot, a + DATA, CAPACITY, -1)
                    .flags(SqeLayout.IOSQE_FIXED_FILE | SqeLayout.IOSQE_IO_HARDLINK);
            case 2 -> sqe.prepRw(Opcode.READ, fileSlot, a + EXTRA, 1, -1)
                    .flags(SqeLayout.IOSQE_FIXED_FILE | SqeLayout.IOSQE_IO_HARDLINK);
            case 3 -> sqe.prepRw(Opcode.CLOSE, 0, 0, 0, 0).spliceFdIn(fileSlot + 1);
            default -> throw new AssertionError("step " + step);
        }
    }

    @Override
    protected void onStep(int step, int res) {
        switch (step) {
            case 0 -> openRes = res;
            case 1 -> readRes = res;
            case 2 -> moreRes = res;
            default -> { } // the close: the slot is empty either way (a failed close found it so)
        }
    }

    /** The {@code openat}'s result: 0 (installed in the slot) or {@code -errno}. Once done. */
    public int openResult() {
        return openRes;
    }

    /** Bytes the first read returned, or {@code -errno} ({@code -ECANCELED} when the open failed). */
    public int readResult() {
        return readRes;
    }

    /** The second read's result: 0 at the end of the file, 1 when the file holds more. */
    public int moreResult() {
        return moreRes;
    }

    /** The first {@code n} bytes read, as a new array. */
    public byte[] bytes(int n) {
        byte[] b = new byte[n];
        MemorySegment.copy(buf.segment(), JAVA_BYTE, DATA, b, 0, n);
        return b;
    }

    /**
     * {@code openat2(path, O_RDONLY | O_CLOEXEC, RESOLVE_CACHED)} on the calling thread: the fd, or
     * {@code -errno}; {@code -EAGAIN} when the path is not in the kernel's caches (the ring must open it).
     */
    public int openOnCaller() {
        return PathOp.openCached(FileFlags.AT_FDCWD, buf.address(), buf.segment().asSlice(HOW, 24),
                FileFlags.O_RDONLY | FileFlags.O_CLOEXEC);
    }

    /**
     * The two reads of the chain on the calling thread, at the file position: the first with
     * {@code firstFlags} ({@code RWF_NOWAIT}: {@code -EAGAIN} when the data is not in the page cache,
     * nothing consumed), the second — one byte, proving the end — a plain read that waits as the
     * chain's does (a pipe's writer may not have written yet). Returns the first's count (the
     * second's is then {@link #moreResult()}) or {@code -errno}.
     */
    public int readOnCaller(int fd, int firstFlags) {
        CallState st = CallState.take();
        try {
            MemorySegment iov = buf.segment().asSlice(IOV, 16);
            iov.set(JAVA_LONG, 0, buf.address() + DATA);
            iov.set(JAVA_LONG, 8, CAPACITY);
            int n = (int) LibC.preadv2(st, fd, iov, 1, -1, firstFlags);
            if (n < 0) {
                return n;
            }
            iov.set(JAVA_LONG, 0, buf.address() + EXTRA);
            iov.set(JAVA_LONG, 8, 1);
            int m = (int) LibC.preadv2(st, fd, iov, 1, -1, 0);
            if (m < 0) {
                return m;
            }
            readRes = n;
            moreRes = m;
            return n;
        } finally {
            st.release();
        }
    }

    /** {@code close(fd)} on the calling thread. */
    public static void closeOnCaller(int fd) {
        CallState st = CallState.take();
        try {
            LibC.close(st, fd);
        } finally {
            st.release();
        }
    }

    @Override
    protected void release() {
        BufferPool.shared().release(buf);
    }
}

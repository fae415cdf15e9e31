package io.loomuring.internal.op;

import io.loomuring.internal.memory.Lease;
import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.FileFlags;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SqeLayout;
import io.loomuring.poller.ring.Sqe;

/**
 * A write and the {@code fsync} (or {@code fdatasync}) that makes it durable, as one linked
 * submission of two SQEs: {@code IORING_OP_WRITE} with {@code IOSQE_IO_LINK}, then
 * {@code IORING_OP_FSYNC}. The kernel starts the sync only when the write has written everything it
 * was given; a failed or short write cancels it ({@code -ECANCELED}), and the caller finishes the
 * rest and syncs on its own. One wake-up for a commit instead of two. The lease is the kernel's
 * until the last CQE.
 */
public final class WriteSyncOp extends Operation {
    private final int fd;
    private final Lease memory;
    private final int len;
    private final long offset;
    private final boolean dataOnly;
    private int writeRes = Integer.MIN_VALUE, syncRes = Integer.MIN_VALUE;

    /**
     * {@code len} bytes of the lease written at {@code offset} (-1: the file position, or the end
     * for a file opened to append), then synced; {@code dataOnly}: {@code fdatasync}.
     */
    public WriteSyncOp(int fd, Lease memory, int len, long offset, boolean dataOnly) {
        this.fd = fd;
        this.memory = memory.retain();
        this.len = len;
        this.offset = offset;
        this.dataOnly = dataOnly;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected int steps() {
        return 2;
    }

    @Override
    protected void prepare(Sqe sqe) {
        throw new AssertionError("a chain");
    }

    @Override
    protected void prepareStep(int step, Sqe sqe, int fileSlot) {
        switch (step) {
            case 0 -> sqe.prepRw(Opcode.WRITE, fd, memory.address(), len, offset).flags(SqeLayout.IOSQE_IO_LINK);
            case 1 -> sqe.prepRw(Opcode.FSYNC, fd, 0, 0, 0).opFlags(dataOnly ? FileFlags.FSYNC_DATASYNC : 0);
            default -> throw new AssertionError("step " + step);
        }
    }

    @Override
    protected void onStep(int step, int res) {
        if (step == 0) {
            writeRes = res;
        } else {
            syncRes = res;
        }
    }

    /** Bytes the write wrote, or {@code -errno}. Once done. */
    public int writeResult() {
        return writeRes;
    }

    /** The sync's result: 0, {@code -errno}, or {@code -ECANCELED} when the write was short or failed. */
    public int syncResult() {
        return syncRes;
    }

    @Override
    protected void release() {
        memory.release();
    }

    @Override
    public String toString() {
        return "WRITE+FSYNC[fd=" + fd + ", len=" + len + ", off=" + offset + ", " + Operation.stateName(state()) + "]";
    }
}

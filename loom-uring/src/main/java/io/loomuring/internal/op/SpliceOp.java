package io.loomuring.internal.op;

import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Sqe;

/**
 * {@code IORING_OP_SPLICE}: moves up to {@code len} bytes from {@code fdIn} at {@code offIn} to
 * {@code fdOut} at {@code offOut} (-1: a pipe or socket, no offset) inside the kernel, one side
 * being a pipe. Touches no user memory. {@code res} is the count, 0 at end of input, or {@code -errno}.
 *
 * <pre>{@code
 * fd = fd_out; off = off_out; addr (splice_off_in) = off_in; len = nbytes;
 * splice_flags = flags; splice_fd_in = fd_in
 * }</pre>
 */
public final class SpliceOp extends Operation {
    /** {@code SPLICE_F_MOVE}: move pages instead of copying where possible (a hint). */
    public static final int SPLICE_F_MOVE = 1;

    private final int fdIn;
    private final long offIn;
    private final int fdOut;
    private final long offOut;
    private final int len;

    public SpliceOp(int fdIn, long offIn, int fdOut, long offOut, int len) {
        this.fdIn = fdIn;
        this.offIn = offIn;
        this.fdOut = fdOut;
        this.offOut = offOut;
        this.len = len;
    }

    @Override
    public int fd() {
        return fdOut;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(Opcode.SPLICE, fdOut, offIn, len, offOut).opFlags(SPLICE_F_MOVE).spliceFdIn(fdIn);
    }
}

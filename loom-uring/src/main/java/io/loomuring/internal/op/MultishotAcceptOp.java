package io.loomuring.internal.op;

import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.poller.ring.Sqe;

/**
 * {@code IORING_OP_ACCEPT} with {@code IORING_ACCEPT_MULTISHOT} (Linux 5.19): one SQE that posts a
 * CQE per accepted connection until the kernel ends it (cancel, error). No peer address is
 * requested (one sockaddr buffer cannot serve many CQEs): the receiver asks {@code getpeername}.
 * Each CQE goes to the {@link Sink} on the ring thread, which must not block.
 */
public final class MultishotAcceptOp extends Operation {
    /** {@code IORING_ACCEPT_MULTISHOT}, in {@code sqe->ioprio}. */
    private static final int ACCEPT_MULTISHOT = 1;

    /** Where the accepted fds go; ring thread. */
    public interface Sink {
        /** A connection's fd, or {@code -errno}, with more to come. */
        void accepted(int res);

        /** The final CQE: {@code res} is an fd or {@code -errno}; the operation is over. */
        void ended(int res);
    }

    private final int fd;
    private final Sink sink;

    public MultishotAcceptOp(int fd, Sink sink) {
        this.fd = fd;
        this.sink = sink;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(Opcode.ACCEPT, fd, 0, 0, 0).ioprio(ACCEPT_MULTISHOT).opFlags(SocketConstants.SOCK_CLOEXEC);
    }

    @Override
    protected boolean multishot() {
        return true;
    }

    @Override
    protected void onIntermediate(int res, int flags) {
        sink.accepted(res);
    }

    @Override
    protected int finalResult(int res, int flags) {
        sink.ended(res);
        return res;
    }
}

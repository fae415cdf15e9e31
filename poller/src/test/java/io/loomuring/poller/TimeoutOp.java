package io.loomuring.poller;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Sqe;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code IORING_OP_TIMEOUT} with no completion count: an operation that stays in the kernel for
 * {@code nanos} and then completes with {@code -ETIME} (or {@code -ECANCELED} when cancelled). It
 * owns its {@code __kernel_timespec}, kept reachable through the operation until its CQE.
 */
final class TimeoutOp extends Operation {
    private final MemorySegment ts = Arena.ofAuto().allocate(16, 8);

    TimeoutOp(long nanos) {
        ts.set(JAVA_LONG, 0, nanos / 1_000_000_000L);
        ts.set(JAVA_LONG, 8, nanos % 1_000_000_000L);
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(Opcode.TIMEOUT, -1, ts.address(), 1, 0);
    }
}

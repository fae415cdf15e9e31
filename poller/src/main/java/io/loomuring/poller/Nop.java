package io.loomuring.poller;

import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Sqe;

/**
 * {@code IORING_OP_NOP}: does nothing, completes with {@code res = 0}. The cheapest round trip
 * through a poller, for tests and benchmarks of the poller itself.
 */
public final class Nop extends Operation {
    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(Opcode.NOP, -1, 0, 0, 0);
    }
}

package io.loomuring.stress.lifecycle;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZI_Result;

import io.loomuring.poller.Operation;
import io.loomuring.poller.PollerClosedException;
import io.loomuring.poller.RingSide;
import io.loomuring.stress.TestOp;

/*
 * Two ways out of QUEUED at once: the closing poller fails the queued operation (its waiter gets
 * PollerClosedException) while an interrupt abandons it (its waiter gets ClosedByInterrupt). Exactly
 * one wins, and the state says which; the loser sees that it lost.
 *
 * Run: stress/run quick -t Lifecycle_03
 *
 *   RESULT         EXPECT      DESCRIPTION
 *   true, false, 5   ACCEPTABLE  FAILED by the closing poller
 *   false, true, 4   ACCEPTABLE  ABANDONED by the interrupt
 *   (other)          FORBIDDEN   both or neither won
 *
 * r1: the close failed it, r2: the interrupt abandoned it, r3: final state.
 */
@JCStressTest
@Outcome(id = "true, false, 5", expect = ACCEPTABLE, desc = "The closing poller failed it while queued.")
@Outcome(id = "false, true, 4", expect = ACCEPTABLE, desc = "The interrupt abandoned it.")
@Outcome(expect = FORBIDDEN, desc = "Two ways out of QUEUED, or none.")
@State
public class Lifecycle_03_OneWayOutOfTheQueue {
    private static final PollerClosedException CLOSED = new PollerClosedException("poller closed", null);
    final TestOp op = new TestOp().queued();

    @Actor
    public void pollerClose(ZZI_Result r) {
        r.r1 = RingSide.fail(op, CLOSED);
    }

    @Actor
    public void interrupt(ZZI_Result r) {
        r.r2 = op.transition(Operation.QUEUED, Operation.ABANDONED);
    }

    @Arbiter
    public void arbiter(ZZI_Result r) {
        r.r3 = op.state();
    }
}

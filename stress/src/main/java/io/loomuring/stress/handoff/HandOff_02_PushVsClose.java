package io.loomuring.stress.handoff;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import io.loomuring.poller.HandOffQueue;
import io.loomuring.poller.Operation;
import io.loomuring.stress.TestOp;

/*
 * A push racing with the poller's close of its queue. Either the push succeeds and the operation
 * is among those close() hands back (to be failed with a PollerClosedException), or the push is
 * refused and the caller learns at once. Never both, never neither: no operation is stranded in a
 * closed queue with its waiter parked forever, and a push after close never succeeds.
 *
 * Run: stress/run quick -t HandOff_02
 *
 *   RESULT        EXPECT      DESCRIPTION
 *   true, true    ACCEPTABLE  pushed before close; close returned it
 *   false, false  ACCEPTABLE  close first; the push was refused
 *   (other)       FORBIDDEN   stranded or duplicated
 *
 * r1: push returned true, r2: close() (or a later drain) returned the operation.
 */
@JCStressTest
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "The push came first: close() handed the operation back.")
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "The close came first: the push was refused.")
@Outcome(expect = FORBIDDEN, desc = "The operation was stranded in a closed queue, or accepted after close.")
@State
public class HandOff_02_PushVsClose {
    final HandOffQueue queue = new HandOffQueue();
    final TestOp op = new TestOp();
    boolean pushed;
    Operation closedWith;

    @Actor
    public void producer() {
        pushed = queue.push(op);
    }

    @Actor
    public void closer() {
        closedWith = queue.close();
    }

    @Arbiter
    public void arbiter(ZZ_Result r) {
        boolean returned = false;
        for (Operation o = closedWith; o != null; o = HandOffQueue.unlink(o)) {
            returned |= o == op;
        }
        returned |= queue.drain() != null; // a closed queue must hold nothing
        r.r1 = pushed;
        r.r2 = returned;
    }
}

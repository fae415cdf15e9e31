package io.loomuring.stress.lifecycle;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import io.loomuring.internal.Blocking;
import io.loomuring.poller.Operation;
import io.loomuring.poller.RingSide;
import io.loomuring.stress.TestOp;

/*
 * A queued operation: the ring thread takes it into an SQE (and the kernel completes it at once)
 * while its caller gives up (interrupt, close or timeout: Poller.cancel abandons a queued
 * operation). Exactly one outcome: the caller gets the result, or the kernel never saw the
 * operation. Either way its memory is released exactly once — by Blocking.release, which the
 * arbiter calls twice, as a careless caller might — and never before the completion.
 *
 * Run: stress/run quick -t Lifecycle_01
 *
 *   RESULT         EXPECT      DESCRIPTION
 *   3, 42, 1, 0    ACCEPTABLE  COMPLETED with the result; released once, after it
 *   4, 0, 1, 0     ACCEPTABLE  ABANDONED before the kernel saw it; released once
 *   (other)        FORBIDDEN   two outcomes, a double or missing release, or an early one
 *
 * r1: final state, r2: result, r3: releases, r4: 1 if released before the CQE.
 */
@JCStressTest
@Outcome(id = "3, 42, 1, 0", expect = ACCEPTABLE, desc = "The ring thread won: completed with the result, released once after it.")
@Outcome(id = "4, 0, 1, 0", expect = ACCEPTABLE, desc = "The caller won: abandoned unseen by the kernel, released once.")
@Outcome(expect = FORBIDDEN, desc = "Two outcomes, a double or missing release, or a release before the completion.")
@State
public class Lifecycle_01_CompletionVsAbandon {
    final TestOp op = new TestOp().queued();

    @Actor
    public void ringThread() {
        if (op.transition(Operation.QUEUED, Operation.SUBMITTED)) {
            op.submitted = true;
            op.cqeArrived = true;
            RingSide.complete(op, 42, 0);
        }
    }

    @Actor
    public void caller() {
        op.transition(Operation.QUEUED, Operation.ABANDONED);
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        Blocking.release(op);
        Blocking.release(op);
        r.r1 = op.state();
        r.r2 = op.state() == Operation.COMPLETED ? op.result() : 0;
        r.r3 = op.releases.get();
        r.r4 = op.releasedEarly ? 1 : 0;
    }
}

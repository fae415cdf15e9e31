package io.loomuring.stress.lifecycle;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.loomuring.internal.Blocking;
import io.loomuring.poller.Operation;
import io.loomuring.poller.RingSide;
import io.loomuring.stress.TestOp;

/*
 * An operation in the kernel: its CQE arrives while its caller walks away (SUBMITTED → ORPHANED,
 * leaving the release to the ring thread). If the caller was first, the ring thread releases on
 * the CQE; if the completion was first, the caller sees COMPLETED and releases. Either way the
 * caller then calls Blocking.release once more, as a close path that sees the operation done
 * would, and so does the arbiter: they must do nothing. Exactly one release, never before the
 * CQE.
 *
 * This test found a real race: the ring thread published RELEASED before running the release, so
 * a thread seeing RELEASED could release a second time. The ring thread now releases first.
 *
 * Run: stress/run quick -t Lifecycle_02
 *
 *   RESULT     EXPECT      DESCRIPTION
 *   3, 1, 0    ACCEPTABLE  completion first; the caller released
 *   7, 1, 0    ACCEPTABLE  orphaned first; the ring thread released on the CQE
 *   (other)    FORBIDDEN   double, missing or early release
 *
 * r1: final state, r2: releases, r3: 1 if released before the CQE.
 */
@JCStressTest
@Outcome(id = "3, 1, 0", expect = ACCEPTABLE, desc = "Completion first: the caller saw COMPLETED and released once.")
@Outcome(id = "7, 1, 0", expect = ACCEPTABLE, desc = "Orphaned first: the ring thread released once, on the CQE.")
@Outcome(expect = FORBIDDEN, desc = "A double, missing or early release.")
@State
public class Lifecycle_02_CompletionVsOrphan {
    final TestOp op = new TestOp().queued().inKernel();

    @Actor
    public void kernel() {
        op.cqeArrived = true;
        RingSide.complete(op, 7, 0);
    }

    @Actor
    public void caller() {
        if (!op.transition(Operation.SUBMITTED, Operation.ORPHANED)) {
            Blocking.release(op); // it completed: the caller owns it again
        }
        Blocking.release(op); // a second look, e.g. from a close path: RELEASED or released means no-op
    }

    @Arbiter
    public void arbiter(III_Result r) {
        Blocking.release(op);
        r.r1 = op.state();
        r.r2 = op.releases.get();
        r.r3 = op.releasedEarly ? 1 : 0;
    }
}

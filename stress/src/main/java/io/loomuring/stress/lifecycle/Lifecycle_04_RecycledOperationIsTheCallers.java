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
 * A socket's operation is recycled (RingSocket's SpareOp): the ring thread delivers the CQE while
 * the caller, seeing the operation done, reads the result, releases, recycles it and submits it
 * again. The ring thread must write nothing of the operation once it has published COMPLETED:
 * whatever the caller's second submission holds stays as the caller left it, and the first
 * result is the one the caller read. A recycle of an operation not yet completed must refuse.
 *
 * Run: stress/run quick -t Lifecycle_04
 *
 *   RESULT           EXPECT      DESCRIPTION
 *   3, 42, 0, -1     ACCEPTABLE  the caller looked too early: completed, not yet released or recycled
 *   2, 0, 1, 42      ACCEPTABLE  the caller read 42, released once, recycled and submitted again
 *   (other)          FORBIDDEN   a write after COMPLETED (result 42 in the second submission), a
 *                                recycle before the completion, a double or missing release
 *
 * r1: final state, r2: the result field after, r3: releases, r4: the result the caller read (-1: none).
 */
@JCStressTest
@Outcome(id = "3, 42, 0, -1", expect = ACCEPTABLE, desc = "The caller looked before the completion.")
@Outcome(id = "2, 0, 1, 42", expect = ACCEPTABLE, desc = "Read 42, released once, recycled and in the kernel again.")
@Outcome(expect = FORBIDDEN, desc = "The ring thread wrote after COMPLETED, or a recycle came too early.")
@State
public class Lifecycle_04_RecycledOperationIsTheCallers {
    /** Waiters of the two submissions: never started, so an unpark of either is nothing. */
    static final Thread FIRST = new Thread(() -> { }), SECOND = new Thread(() -> { });

    final TestOp op;
    int seen = -1;

    public Lifecycle_04_RecycledOperationIsTheCallers() {
        op = new TestOp();
        op.submittedBy(FIRST, null);
        op.queued().inKernel();
    }

    @Actor
    public void ringThread() {
        op.cqeArrived = true;
        RingSide.complete(op, 42, 0);
    }

    @Actor
    public void caller() {
        if (!op.isDone()) {
            if (op.recycle()) {
                seen = -2; // recycled before the completion
            }
            return;
        }
        seen = op.result();
        Blocking.release(op);
        if (op.recycle()) {
            op.submittedBy(SECOND, null);
            op.queued().inKernel();
        } else {
            seen = -3;
        }
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r1 = op.state();
        r.r2 = op.result();
        r.r3 = op.releases.get();
        r.r4 = seen;
    }
}

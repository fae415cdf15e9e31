package io.loomuring.stress.claim;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.loomuring.poller.Operation;
import io.loomuring.poller.PollerClosedException;
import io.loomuring.poller.RingOwner;
import io.loomuring.poller.carrier.CqClaim;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SetupFlags;
import io.loomuring.poller.ring.IoUringUnavailableException;
import io.loomuring.poller.ring.RingOptions;
import io.loomuring.poller.ring.Sqe;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * A carrier and the monitor taking over its CQ, on a live ring of the carriers' kind (no
 * SINGLE_ISSUER, COOP_TASKRUN). On the carrier's thread a virtual thread writes a NOP under the
 * claim and leaves it prepared, as before it parks; then the loop writes another, submits and
 * reaps under the claim, as after a continuation. The monitor, if the claim is free, submits what
 * is prepared and reaps as a guest. Each NOP completes exactly once and no CQE reaches a slot that is no longer
 * its operation's (stale). r1, r2 = each NOP's completions, r3 = 1 once any stale completion was seen.
 *
 * Run: stress/run quick -t Claim_02
 *
 *   RESULT   EXPECT      DESCRIPTION
 *   1, 1, 0  ACCEPTABLE  each completion handled once, by whichever holder reaped it
 *   others   FORBIDDEN   a completion handled twice or lost, or a CQE taken for another operation
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "Each completion handled once, whoever held the claim.")
@Outcome(expect = FORBIDDEN, desc = "A completion lost, handled twice, or delivered to the wrong slot.")
@State
public class Claim_02_EachCompletionHandledOnce {
    static final RingOwner OWNER = open();
    static final CqClaim CLAIM = new CqClaim();

    static RingOwner open() {
        try {
            int flags = SetupFlags.SUBMIT_ALL | SetupFlags.COOP_TASKRUN | SetupFlags.TASKRUN_FLAG;
            return RingOwner.open("stress-claim", new RingOptions(64, 0, flags, false), false, null);
        } catch (IoUringUnavailableException e) {
            throw new IllegalStateException("these tests need io_uring: " + e.getMessage(), e);
        }
    }

    final CountingNop a = new CountingNop();
    final CountingNop b = new CountingNop();

    @Actor
    public void carrier() {
        CLAIM.take(); // a virtual thread mounted on the carrier: writes its SQE and parks
        try {
            submit(b);
        } finally {
            CLAIM.give();
        }
        CLAIM.take(); // the loop, after that continuation: its own SQE, then submit and reap
        try {
            submit(a);
            OWNER.submitAndReap(0, 0);
        } finally {
            CLAIM.give();
        }
    }

    @Actor
    public void monitor() {
        if (CLAIM.tryTake()) {
            try {
                OWNER.submitAndReapAsGuest();
            } finally {
                CLAIM.give();
            }
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        CLAIM.take();
        try {
            while (!a.isDone() || !b.isDone()) {
                OWNER.submitAndReapAsGuest();
                Thread.onSpinWait();
            }
            OWNER.submitAndReapAsGuest(); // a duplicate would be there by now
        } finally {
            CLAIM.give();
        }
        r.r1 = a.completions;
        r.r2 = b.completions;
        r.r3 = OWNER.stats().staleCompletions() == 0 ? 0 : 1; // any, in any state so far
    }

    static void submit(Operation op) {
        try {
            OWNER.submit(op, null);
        } catch (PollerClosedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A NOP that counts its completions (its final result is taken once per completion). */
    static final class CountingNop extends Operation {
        volatile int completions;

        @Override
        protected void prepare(Sqe sqe) {
            sqe.prepRw(Opcode.NOP, -1, 0, 0, 0);
        }

        @Override
        protected int finalResult(int res, int flags) {
            completions++;
            return res;
        }
    }
}

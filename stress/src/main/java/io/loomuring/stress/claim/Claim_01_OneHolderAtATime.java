package io.loomuring.stress.claim;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.loomuring.poller.carrier.CqClaim;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * The carrier claim: the carrier's loop (take, as after a continuation, or a virtual thread mounted
 * on it, for a submit) and the monitor (tryTake, for a take-over) each update the owner's plain
 * fields under it. Every update that was made under the claim is seen by the next holder:
 * none is lost. r1 = updates seen at the end, r2 = whether the monitor got the claim.
 *
 * Run: stress/run quick -t Claim_01
 *
 *   RESULT  EXPECT      DESCRIPTION
 *   2, 1    ACCEPTABLE  both held it in turn
 *   1, 0    ACCEPTABLE  the monitor found it held and went on
 *   others  FORBIDDEN   two holders at once, or a holder missed what the last one wrote
 */
@JCStressTest
@Outcome(id = {"2, 1", "1, 0"}, expect = ACCEPTABLE, desc = "One holder at a time; each saw the last one's writes.")
@Outcome(expect = FORBIDDEN, desc = "Lost update: two holders at once, or no happens-before between holders.")
@State
public class Claim_01_OneHolderAtATime {
    final CqClaim claim = new CqClaim();
    int updates; // plain: ordered only by the claim
    int monitorHeld;

    @Actor
    public void loop() {
        claim.take();
        updates++;
        claim.give();
    }

    @Actor
    public void monitor() {
        if (claim.tryTake()) {
            updates++;
            monitorHeld = 1;
            claim.give();
        }
    }

    @Arbiter
    public void arbiter(II_Result r) {
        claim.take();
        r.r1 = updates;
        r.r2 = monitorHeld;
        claim.give();
    }
}

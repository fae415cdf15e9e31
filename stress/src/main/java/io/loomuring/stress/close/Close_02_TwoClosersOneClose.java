package io.loomuring.stress.close;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

import io.loomuring.internal.CloseGate;

/*
 * Two threads close the same descriptor at once (an explicit close racing with close-on-interrupt,
 * say) while nothing is inside. One is told to close the fd now; the other that the close is
 * already under way. Closing twice would close whatever reused the fd number in between.
 *
 * Run: stress/run quick -t Close_02
 *
 *   RESULT                 EXPECT      DESCRIPTION
 *   CLOSE_NOW, NONE        ACCEPTABLE  the first closes, the second does nothing
 *   NONE, CLOSE_NOW        ACCEPTABLE  the same, the other way round
 *   (other)                FORBIDDEN   both or neither close
 */
@JCStressTest
@Outcome(id = {"CLOSE_NOW, NONE", "NONE, CLOSE_NOW"}, expect = ACCEPTABLE, desc = "Exactly one closer closes the fd.")
@Outcome(expect = FORBIDDEN, desc = "Both closed the fd, or neither did.")
@State
public class Close_02_TwoClosersOneClose {
    final CloseGate gate = new CloseGate();

    @Actor
    public void closer1(LL_Result r) {
        r.r1 = gate.close();
    }

    @Actor
    public void closer2(LL_Result r) {
        r.r2 = gate.close();
    }
}

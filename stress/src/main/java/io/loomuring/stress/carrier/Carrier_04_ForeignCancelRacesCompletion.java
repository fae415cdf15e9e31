package io.loomuring.stress.carrier;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import io.loomuring.poller.Operation;
import io.loomuring.poller.carrier.CarrierScheduler;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * A cancel from a thread that is not the carrier, racing the operation's own completion, on a live
 * carrier ring: a virtual thread reads an eventfd through its carrier's ring and parks; a platform
 * thread cancels that read (the cancel is posted to the carrier, which writes it into its ring)
 * while another platform thread writes the eventfd. The waiter must be resumed exactly once with
 * one of the two outcomes — the 8 bytes read, or -ECANCELED — never hang (MIN_VALUE after 10 s)
 * and never see an operation that is not done.
 *
 * Run: stress/run quick -t Carrier_04
 *
 *   RESULT       EXPECT      DESCRIPTION
 *   8            ACCEPTABLE  the write completed the read before the cancel reached it
 *   -125         ACCEPTABLE  the cancel ended the read (ECANCELED)
 *   -4           ACCEPTABLE  the cancel came while the read still waited for room in the ring: abandoned
 *   other        FORBIDDEN   the waiter hung, or saw no result
 */
@JCStressTest
@Outcome(id = "8", expect = ACCEPTABLE, desc = "The completion won: 8 bytes read.")
@Outcome(id = "-125", expect = ACCEPTABLE, desc = "The foreign cancel won: -ECANCELED.")
@Outcome(id = "-4", expect = ACCEPTABLE, desc = "The cancel came first: abandoned before its SQE was written (rings full).")
@Outcome(expect = FORBIDDEN, desc = "The waiter hung or resumed without its operation's result.")
@State
public class Carrier_04_ForeignCancelRacesCompletion {
    static final CarrierScheduler SCHEDULER = Carrier_01_ForeignPushWakesASleepingCarrier.start(1);

    final EventfdReader reader = new EventfdReader(SCHEDULER);

    @Actor
    public void cancel() {
        Operation o = reader.awaitOp(Thread::onSpinWait);
        o.ring().cancel(o);
    }

    @Actor
    public void complete() {
        reader.complete();
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = reader.awaitResult();
    }
}

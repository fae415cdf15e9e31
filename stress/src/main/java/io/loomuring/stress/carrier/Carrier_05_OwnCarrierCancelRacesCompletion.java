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
 * A cancel from a virtual thread on the very carrier whose ring holds the operation, racing the
 * operation's own completion: one virtual thread reads an eventfd through its carrier's ring and
 * parks; another, on the same (only) carrier, cancels that read — the carrier's own-thread path,
 * which takes the claim, writes the cancel and enters the ring at once instead of leaving it for
 * the loop — while a platform thread writes the eventfd. The waiter must be resumed exactly once
 * with one of the two outcomes — the 8 bytes read, or -ECANCELED — never hang (MIN_VALUE after
 * 10 s) and never see an operation that is not done.
 *
 * Run: stress/run quick -t Carrier_05
 *
 *   RESULT       EXPECT      DESCRIPTION
 *   8            ACCEPTABLE  the write completed the read before the cancel reached it
 *   -125         ACCEPTABLE  the cancel ended the read (ECANCELED)
 *   -4           ACCEPTABLE  the cancel came while the read still waited for room in the ring: abandoned
 *   other        FORBIDDEN   the waiter hung, or saw no result
 */
@JCStressTest
@Outcome(id = "8", expect = ACCEPTABLE, desc = "The completion won: 8 bytes read.")
@Outcome(id = "-125", expect = ACCEPTABLE, desc = "The own-carrier cancel won: -ECANCELED.")
@Outcome(id = "-4", expect = ACCEPTABLE, desc = "The cancel came first: abandoned before its SQE was written (rings full).")
@Outcome(expect = FORBIDDEN, desc = "The waiter hung or resumed without its operation's result.")
@State
public class Carrier_05_OwnCarrierCancelRacesCompletion {
    static final CarrierScheduler SCHEDULER = Carrier_01_ForeignPushWakesASleepingCarrier.start(1);

    final EventfdReader reader = new EventfdReader(SCHEDULER);

    @Actor
    public void cancel() {
        SCHEDULER.builder().start(() -> {
            Operation o = reader.awaitOp(Thread::yield); // the reader runs on this carrier too
            o.ring().cancel(o);
        });
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

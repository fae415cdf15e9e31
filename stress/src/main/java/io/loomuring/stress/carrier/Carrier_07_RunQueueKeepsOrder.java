package io.loomuring.stress.carrier;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.loomuring.poller.carrier.RunQueue;

/*
 * One thread pushes two continuations into a run queue with room for two that holds one already
 * (the last push may go to the overflow), while the carrier polls three times: it takes them in
 * the order they were pushed, whatever it finds — first, then the one pushed next — and the
 * arbiter's drain finds the rest, still in order.
 *
 * Run: stress/run quick -t Carrier_07
 *
 *   RESULT      EXPECT      DESCRIPTION
 *   1, 2, 3     ACCEPTABLE  pushed order (0 where a poll found nothing yet, never out of order)
 *   (other)     FORBIDDEN   a later continuation before an earlier one, or one lost
 *
 * r1..r3: the order in which 1, 2, 3 came out over the carrier's polls then the drain.
 */
@JCStressTest
@Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "Taken in the order pushed.")
@Outcome(expect = FORBIDDEN, desc = "Out of order, or lost.")
@State
public class Carrier_07_RunQueueKeepsOrder {
    final RunQueue q = new RunQueue(2);
    final Runnable[] polled = new Runnable[3];

    static final Runnable ONE = () -> { }, TWO = () -> { }, THREE = () -> { };

    public Carrier_07_RunQueueKeepsOrder() {
        q.offer(ONE);
    }

    @Actor
    public void producer() {
        q.offer(TWO);
        q.offer(THREE);
    }

    @Actor
    public void carrier() {
        polled[0] = q.poll();
        polled[1] = q.poll();
        polled[2] = q.poll();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        int[] order = new int[3];
        int k = 0;
        for (Runnable t : polled) {
            if (t != null) {
                order[k++] = id(t);
            }
        }
        for (Runnable t; (t = q.poll()) != null && k < 3; ) {
            order[k++] = id(t);
        }
        r.r1 = order[0];
        r.r2 = order[1];
        r.r3 = order[2];
    }

    private static int id(Runnable t) {
        return t == ONE ? 1 : t == TWO ? 2 : 3;
    }
}

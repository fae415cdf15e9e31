package io.loomuring.stress.carrier;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import io.loomuring.poller.carrier.RunQueue;

/*
 * A carrier's run queue with room for two, one continuation already in it: two threads each push
 * one (the second may find the array full and go to the overflow) and then poll — the carrier
 * taking from its own queue and an idle carrier stealing. Every continuation comes out exactly once
 * — none lost between a claim and its publication, none taken twice — and the queue is empty after
 * the arbiter drains. (Two actors: jcstress runs no more actors than there are CPUs.)
 *
 * Run: stress/run quick -t Carrier_06
 *
 *   RESULT       EXPECT      DESCRIPTION
 *   1, 1, 1, 1   ACCEPTABLE  each continuation once; empty after
 *   (other)      FORBIDDEN   a continuation lost (0) or taken twice (2), or left behind
 *
 * r1..r3: how often the first, a and b came out; r4: 1 if the queue is empty after the drain.
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "Each continuation came out exactly once.")
@Outcome(expect = FORBIDDEN, desc = "A continuation was lost, taken twice, or left behind.")
@State
public class Carrier_06_RunQueueEachOnce {
    static final Runnable FIRST = () -> { }, A = () -> { }, B = () -> { };

    final RunQueue q = new RunQueue(2);
    final int[] seen = new int[3];
    Runnable c1, s1;

    public Carrier_06_RunQueueEachOnce() {
        q.offer(FIRST);
    }

    @Actor
    public void carrier() {
        q.offer(A);
        c1 = q.poll();
    }

    @Actor
    public void stealer() {
        q.offer(B);
        s1 = q.poll();
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        count(c1);
        count(s1);
        for (Runnable t; (t = q.poll()) != null; ) {
            count(t);
        }
        r.r1 = seen[0];
        r.r2 = seen[1];
        r.r3 = seen[2];
        r.r4 = q.isEmpty() ? 1 : 0;
    }

    private void count(Runnable t) {
        if (t != null) {
            seen[t == FIRST ? 0 : t == A ? 1 : 2]++;
        }
    }
}

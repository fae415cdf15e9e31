package io.loomuring.stress.handoff;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.ArrayList;
import java.util.List;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.loomuring.poller.HandOffQueue;
import io.loomuring.poller.Operation;
import io.loomuring.stress.TestOp;

/*
 * The production HandOffQueue (Treiber stack, whole-stack drain, reversal): producer A pushes
 * two operations while producer B pushes one, drains once as the ring thread would (jcstress gets
 * two CPUs here, so the consumer shares B's thread), then pushes another; the arbiter drains the
 * rest. Every operation must come out exactly once, and each producer's two in the order it
 * pushed them, however the drain cuts through the pushes.
 *
 * Run: stress/run quick -t HandOff_01
 *
 *   RESULT     EXPECT      DESCRIPTION
 *   4, 1, 0    ACCEPTABLE  all four out once, per-producer order kept
 *   (other)    FORBIDDEN   lost, duplicated or reordered
 *
 * r1: operations seen, r2: 1 if each producer's order held, r3: duplicates.
 */
@JCStressTest
@Outcome(id = "4, 1, 0", expect = ACCEPTABLE, desc = "All four operations came out once, each producer's in push order.")
@Outcome(expect = FORBIDDEN, desc = "An operation was lost, duplicated or overtaken by its producer's later one.")
@State
public class HandOff_01_NoLossNoDuplicates {
    final HandOffQueue queue = new HandOffQueue();
    final TestOp a1 = new TestOp(), a2 = new TestOp(), b1 = new TestOp(), b2 = new TestOp();
    final List<Operation> seen = new ArrayList<>(); // consumer side only (actor 2, then the arbiter)

    @Actor
    public void producerA() {
        queue.push(a1);
        queue.push(a2);
    }

    @Actor
    public void producerBAndRingThread() {
        queue.push(b1);
        take(queue.drain());
        queue.push(b2);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        take(queue.drain());
        int dups = seen.size() - (int) seen.stream().distinct().count();
        boolean ordered = seen.indexOf(a1) < seen.indexOf(a2) && seen.indexOf(b1) < seen.indexOf(b2);
        r.r1 = (int) seen.stream().distinct().count();
        r.r2 = ordered ? 1 : 0;
        r.r3 = dups;
    }

    private void take(Operation chain) {
        for (Operation op = chain; op != null; op = HandOffQueue.unlink(op)) {
            seen.add(op);
        }
    }
}

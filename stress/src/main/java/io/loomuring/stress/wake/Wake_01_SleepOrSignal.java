package io.loomuring.stress.wake;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import io.loomuring.poller.HandOffQueue;
import io.loomuring.poller.WakeState;
import io.loomuring.stress.TestOp;

/*
 * The wake protocol's core, a Dekker pair on the production WakeState and HandOffQueue: the
 * producer pushes, then asks whether to signal; the ring thread announces sleep, then re-checks
 * the queue. The forbidden outcome is the lost wake-up: the ring thread goes to sleep on an empty
 * queue while the producer decided not to signal.
 *
 * Run: stress/run quick -t Wake_01
 *
 *   RESULT        EXPECT      DESCRIPTION
 *   false, true   ACCEPTABLE  ring thread saw the operation; the producer signalled too (spurious)
 *   false, false  ACCEPTABLE  ring thread saw the operation; no signal needed
 *   true, true    ACCEPTABLE  ring thread sleeps; the producer signals it
 *   true, false   FORBIDDEN   lost wake-up
 *
 * r1: the ring thread sleeps (queue looked empty), r2: the producer signals.
 */
@JCStressTest
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "The ring thread saw the operation and stays up; the producer's signal is spurious.")
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "The ring thread saw the operation; the producer saw it awake.")
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "The ring thread sleeps on an empty queue and the producer signals it.")
@Outcome(id = "true, false", expect = FORBIDDEN, desc = "Lost wake-up: asleep on an empty queue, and nobody signals.")
@State
public class Wake_01_SleepOrSignal {
    final HandOffQueue queue = new HandOffQueue();
    final WakeState wake = new WakeState();
    final TestOp op = new TestOp();

    @Actor
    public void producer(ZZ_Result r) {
        queue.push(op);
        r.r2 = wake.mustSignal();
    }

    @Actor
    public void ringThread(ZZ_Result r) {
        wake.announceSleep();
        r.r1 = queue.isEmpty();
    }
}

package io.loomuring.stress.wake;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

import io.loomuring.poller.HandOffQueue;
import io.loomuring.poller.WakeState;
import io.loomuring.stress.TestOp;

/*
 * The ring thread's whole loop against a producer arriving at any moment: drain; announce sleep;
 * re-check; wait for the "eventfd" (a volatile counter here, the kernel's part played by the
 * test); running. The producer pushes once and signals only when WakeState says so. If a wake-up
 * could be lost, the ring thread would wait forever with the operation queued: STALE.
 *
 * Run: stress/run quick -t Wake_02
 *
 *   RESULT      EXPECT      DESCRIPTION
 *   TERMINATED  ACCEPTABLE  the ring thread took the operation
 *   STALE       FORBIDDEN   it sleeps with the operation queued: a lost wake-up
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The ring thread picked the operation up.")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: the ring thread sleeps with an operation queued.")
@State
public class Wake_02_NoLostWakeUp {
    final HandOffQueue queue = new HandOffQueue();
    final WakeState wake = new WakeState();
    volatile int eventfd; // the kernel's eventfd counter

    @Actor
    public void ringThread() {
        while (queue.drain() == null) {
            wake.announceSleep();
            if (queue.isEmpty()) {
                while (eventfd == 0) { // io_uring_enter(min_complete=1) on the armed eventfd read
                    Thread.onSpinWait();
                }
                eventfd = 0;
            }
            wake.running();
        }
    }

    @Signal
    public void producer() {
        queue.push(new TestOp());
        if (wake.mustSignal() && wake.beginSignal()) {
            try {
                eventfd = 1;
            } finally {
                wake.endSignal();
            }
        }
    }
}

package io.loomuring.stress.wake;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

import io.loomuring.poller.Nop;
import io.loomuring.poller.Poller;
import io.loomuring.poller.PollerClosedException;
import io.loomuring.poller.ring.IoUringUnavailableException;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * The same protocol on a live ring: the real Poller, its ring thread asleep in io_uring_enter on
 * the armed eventfd read, and two threads (actor and signal) each executing an IORING_OP_NOP at
 * the moment it may be going to sleep. Both must complete; a lost wake-up leaves one parked
 * forever: STALE. One poller serves the whole run (a ring per iteration would measure setup).
 *
 * Run: stress/run quick -t Wake_03
 *
 *   RESULT      EXPECT      DESCRIPTION
 *   TERMINATED  ACCEPTABLE  both nops completed
 *   STALE       FORBIDDEN   a submission was never picked up
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "Both round trips through the live ring completed.")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "A submission to a sleeping ring thread was never picked up.")
@State
public class Wake_03_LiveRingWakesFromSleep {
    static final Poller POLLER = open();

    static Poller open() {
        try {
            return Poller.open();
        } catch (IoUringUnavailableException e) {
            throw new IllegalStateException("io_uring unavailable: " + e.getMessage(), e);
        }
    }

    @Actor
    public void actor() throws PollerClosedException {
        if (POLLER.execute(new Nop()) != 0) {
            throw new IllegalStateException("NOP failed");
        }
    }

    @Signal
    public void signal() throws PollerClosedException {
        POLLER.execute(new Nop());
    }
}

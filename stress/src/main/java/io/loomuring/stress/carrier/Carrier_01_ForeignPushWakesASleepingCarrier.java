package io.loomuring.stress.carrier;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.ring.IoUringUnavailableException;
import io.loomuring.poller.ring.RingOptions;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * The carrier's wake protocol on a live scheduler: one carrier, asleep in io_uring_enter on its
 * armed eventfd read (or just going to sleep: announce, re-check every queue, enter), and two
 * threads that are not carriers pushing a continuation at that moment (the JDK's timer, a platform
 * thread unparking a virtual thread). Both continuations must run; a lost wake-up leaves the
 * carrier asleep with work queued, and the actor spinning for its task forever: STALE.
 *
 * Run: stress/run quick -t Carrier_01
 *
 *   RESULT      EXPECT      DESCRIPTION
 *   TERMINATED  ACCEPTABLE  the carrier ran the pushed continuations
 *   STALE       FORBIDDEN   a push to a sleeping carrier was never picked up
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The sleeping carrier woke and ran the pushed continuation.")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: the carrier sleeps with a continuation queued.")
@State
public class Carrier_01_ForeignPushWakesASleepingCarrier {
    static final CarrierScheduler SCHEDULER = start(1);

    static CarrierScheduler start(int carriers) {
        try {
            return CarrierScheduler.start("stress-carrier", carriers, CarrierScheduler.ringOptions());
        } catch (IoUringUnavailableException e) {
            throw new IllegalStateException("these tests need io_uring and --add-opens java.base/java.lang: " + e.getMessage(), e);
        }
    }

    volatile boolean ran1;
    volatile boolean ran2;

    @Actor
    public void pushAndWait() {
        SCHEDULER.execute(() -> ran1 = true);
        while (!ran1) {
            Thread.onSpinWait();
        }
    }

    @Signal
    public void push() {
        SCHEDULER.execute(() -> ran2 = true);
    }
}

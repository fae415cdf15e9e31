package io.loomuring.stress.carrier;

import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.loomuring.poller.carrier.CarrierScheduler;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * Pushes from two threads onto a live two-carrier scheduler, whose carriers pop their own queues
 * and steal from each other's when idle: each continuation must run exactly once — neither lost
 * between a pop and a steal, nor run by both. The arbiter waits (up to 10 s) for both to have run.
 *
 * Run: stress/run quick -t Carrier_02
 *
 *   RESULT  EXPECT      DESCRIPTION
 *   1, 1    ACCEPTABLE  each ran once
 *   other   FORBIDDEN   one was lost (0) or ran twice (2)
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Each continuation ran exactly once.")
@Outcome(expect = FORBIDDEN, desc = "A continuation was lost or ran twice between a pop and a steal.")
@State
public class Carrier_02_EachContinuationRunsOnce {
    static final CarrierScheduler SCHEDULER = Carrier_01_ForeignPushWakesASleepingCarrier.start(2);

    final AtomicInteger a = new AtomicInteger();
    final AtomicInteger b = new AtomicInteger();

    @Actor
    public void pushA() {
        SCHEDULER.execute(a::incrementAndGet);
    }

    @Actor
    public void pushB() {
        SCHEDULER.execute(b::incrementAndGet);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((a.get() == 0 || b.get() == 0) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        try {
            Thread.sleep(0, 100_000); // a duplicate run would land now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        r.r1 = a.get();
        r.r2 = b.get();
    }
}

package io.loomuring.stress.carrier;

import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.loomuring.poller.IoRing;
import io.loomuring.poller.Nop;
import io.loomuring.poller.carrier.CarrierScheduler;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
 * Two virtual threads on a live two-carrier scheduler each submit an IORING_OP_NOP into the ring of
 * the carrier they run on and park. The completion, reaped by that carrier, pushes the waiter's
 * continuation onto that carrier's queue, where the other carrier, idle, may steal it at the same
 * moment the owner pops it. Each waiter must resume exactly once and see its result (0): a
 * continuation lost between the completion and a steal leaves its count at 0, one run twice makes 2.
 *
 * Run: stress/run quick -t Carrier_03
 *
 *   RESULT  EXPECT      DESCRIPTION
 *   1, 1    ACCEPTABLE  each waiter resumed once with its result
 *   other   FORBIDDEN   a resumption lost or doubled, or a wrong result (>= 100)
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Each waiter resumed once, with its operation's result.")
@Outcome(expect = FORBIDDEN, desc = "A completion's continuation was lost or ran twice around a steal, or the result was wrong.")
@State
public class Carrier_03_CompletionRacesASteal {
    static final CarrierScheduler SCHEDULER = Carrier_01_ForeignPushWakesASleepingCarrier.start(2);

    final AtomicInteger a = new AtomicInteger();
    final AtomicInteger b = new AtomicInteger();

    static void nop(AtomicInteger into) {
        SCHEDULER.builder().start(() -> {
            IoRing ring = CarrierScheduler.currentRing();
            try {
                into.addAndGet(ring != null && ring.execute(new Nop()) == 0 ? 1 : 100);
            } catch (Throwable t) {
                into.addAndGet(1000);
            }
        });
    }

    @Actor
    public void waiterA() {
        nop(a);
    }

    @Actor
    public void waiterB() {
        nop(b);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((a.get() == 0 || b.get() == 0) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        try {
            Thread.sleep(0, 100_000); // a duplicate resumption would land now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        r.r1 = a.get();
        r.r2 = b.get();
    }
}

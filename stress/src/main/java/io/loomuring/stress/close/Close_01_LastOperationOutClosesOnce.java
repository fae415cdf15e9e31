package io.loomuring.stress.close;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.loomuring.internal.CloseGate;

/*
 * The descriptor's close protocol (the CloseGate inside every FdHandle): operation A is inside
 * when the test starts; one thread lets A leave and then tries operation B, while another closes. The fd must be closed exactly once, by whoever takes the
 * gate to "closing, none inside", and never while an operation is inside (the kernel could still
 * be using the fd number, which close(2) would free for reuse). An operation that enters after
 * the close began is refused.
 *
 * Run: stress/run quick -t Close_01
 *
 *   RESULT     EXPECT      DESCRIPTION
 *   1, 0, N    ACCEPTABLE  closed once, with nothing inside; N = 1 if B got in, else 0
 *   (other)    FORBIDDEN   closed twice, never, or under an operation
 *
 * r1: fd closes, r2: closes while an operation was inside, r3: B admitted.
 */
@JCStressTest
@Outcome(id = {"1, 0, 0", "1, 0, 1"}, expect = ACCEPTABLE, desc = "Closed once, with no operation inside.")
@Outcome(expect = FORBIDDEN, desc = "Closed twice, never, or while an operation was inside.")
@State
public class Close_01_LastOperationOutClosesOnce {
    final CloseGate gate = new CloseGate();
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger closedUnder = new AtomicInteger();
    final AtomicInteger admitted = new AtomicInteger();

    void closeFd() {
        if (inside.get() != 0) {
            closedUnder.incrementAndGet();
        }
        closes.incrementAndGet();
    }

    {
        gate.enter(); // operation A
        inside.incrementAndGet();
    }

    void leave() {
        inside.decrementAndGet(); // the operation's CQE has arrived: it is leaving
        if (gate.exit()) {
            closeFd();
        }
    }

    @Actor
    public void operations() {
        leave(); // A
        if (gate.enter()) { // B
            admitted.incrementAndGet();
            inside.incrementAndGet();
            leave();
        }
    }

    @Actor
    public void closer() {
        if (gate.close() == CloseGate.CloseAction.CLOSE_NOW) {
            closeFd();
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = closes.get();
        r.r2 = closedUnder.get();
        r.r3 = admitted.get();
    }
}

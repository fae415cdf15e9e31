package io.loomuring.stress.slots;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.loomuring.poller.Operation;
import io.loomuring.poller.SlotTable;
import io.loomuring.stress.TestOp;

/*
 * The slot table belongs to the ring thread alone; what races with it is the kernel, which may
 * post a late CQE carrying an old user_data (a second CQE of an operation already finished) at any
 * time. Here the ring thread finishes operation A, reuses its slot for B — the one-slot table
 * guarantees the same slot, a new generation — and reaps; the kernel posts A's stale CQE (the
 * volatile field plays the CQ ring's release-store of the tail). Whenever the ring thread sees
 * that CQE, in the actor or in the arbiter's later reap, lookup must not find B.
 *
 * Run: stress/run quick -t Slots_01
 *
 *   RESULT   EXPECT      DESCRIPTION
 *   0, 1     ACCEPTABLE  the stale CQE was seen and ignored; B is still in its slot
 *   (other)  FORBIDDEN   the stale CQE was delivered to B, or B was lost
 *
 * r1: stale CQEs delivered to a live operation, r2: B still found by its own user_data.
 */
@JCStressTest
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The stale completion was ignored; the new operation kept its slot.")
@Outcome(expect = FORBIDDEN, desc = "A stale completion reached the operation that reused the slot.")
@State
public class Slots_01_StaleCompletionNeverReachesNewOperation {
    final SlotTable slots = new SlotTable(1);
    final TestOp a = new TestOp(), b = new TestOp();
    final long aUserData = slots.acquire(a);
    long bUserData;
    volatile long cq;          // 0: empty; else the user_data the kernel posted
    int misdelivered;          // ring thread only

    @Actor
    public void kernel() {
        cq = aUserData; // A's late, second CQE
    }

    @Actor
    public void ringThread() {
        slots.release(a);
        bUserData = slots.acquire(b);
        reap();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        reap();
        r.r1 = misdelivered;
        r.r2 = slots.lookup(bUserData) == b ? 1 : 0;
    }

    private void reap() {
        long ud = cq;
        if (ud != 0) {
            cq = 0;
            Operation op = slots.lookup(ud);
            if (op != null) {
                misdelivered++;
            }
        }
    }
}

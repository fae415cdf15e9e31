package io.loomuring.stress.force;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.loomuring.internal.ForceGroup;

/*
 * Group commit with two threads forcing one file at once. Each force must return only after a
 * sync that started after the force was called has ended; one of them may find the other's sync
 * under way and wait for the next round, whose leader it then is (two actors: jcstress runs no more
 * on two CPUs; sharing among several waiters is ForceGroupTest's). Syncs never overlap, and a round
 * never lacks a leader (that would hang the test).
 *
 * Run: stress/run quick -t Force_01
 *
 *   RESULT     EXPECT      DESCRIPTION
 *   1, 1, 0    ACCEPTABLE  both forces covered by a sync that started after them, no overlap
 *   (other)    FORBIDDEN   a force returned on an older sync, or two syncs ran at once
 *
 * r1, r2: whether each actor's force was covered; r3: syncs that overlapped another.
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "Each force covered by a later sync, syncs one at a time.")
@Outcome(expect = FORBIDDEN, desc = "A force returned on a sync that started before it, or syncs overlapped.")
@State
public class Force_01_EachForceCoveredByALaterSync {
    final ForceGroup group = new ForceGroup();
    final AtomicLong started = new AtomicLong();
    final AtomicLong ended = new AtomicLong();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger overlaps = new AtomicInteger();

    final ForceGroup.Sync sync = meta -> {
        if (running.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
        }
        long n = started.incrementAndGet();
        ended.accumulateAndGet(n, Math::max);
        running.decrementAndGet();
        return 0;
    };

    int force() {
        long before = started.get();
        try {
            if (group.force(false, sync) != 0) {
                return 2;
            }
        } catch (IOException e) {
            return 3;
        }
        return ended.get() > before ? 1 : 0;
    }

    @Actor
    public void first(III_Result r) {
        r.r1 = force();
    }

    @Actor
    public void second(III_Result r) {
        r.r2 = force();
    }

    @Arbiter
    public void after(III_Result r) {
        r.r3 = overlaps.get();
    }
}

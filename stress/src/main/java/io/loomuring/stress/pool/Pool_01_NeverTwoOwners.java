package io.loomuring.stress.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import io.loomuring.internal.memory.BufferPool;
import io.loomuring.internal.memory.NativeBuffer;

/*
 * The native buffer pool that backs every heap-array read and write: from a pool holding one idle
 * buffer, one thread takes a buffer while another returns one and then takes one. No buffer may be handed to two
 * owners at once — two operations would then share kernel-visible memory. Idle buffers are the
 * same objects coming back, so a naive Treiber stack would suffer ABA here. The pool has one front
 * slot per size class, so both threads meet it: the idle buffer starts in the slot, a taker's
 * exchange races the returner's compare-and-set from empty, which falls back to the deque when the
 * slot is full — both ways of taking and returning are in play.
 *
 * Run: stress/run quick -t Pool_01
 *
 *   RESULT        EXPECT      DESCRIPTION
 *   true, true    ACCEPTABLE  three distinct owners for the three live buffers
 *   (other)       FORBIDDEN   one buffer with two owners
 *
 * r1: the two takers got different buffers, r2: neither got the buffer still held by the third.
 */
@JCStressTest
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "Every buffer has a single owner.")
@Outcome(expect = FORBIDDEN, desc = "A buffer was handed to two owners.")
@State
public class Pool_01_NeverTwoOwners {
    final BufferPool pool = new BufferPool(1); // one front slot: every take and return meets it
    final NativeBuffer held = pool.acquire(4096);     // in use by a third owner throughout
    final NativeBuffer returning = pool.acquire(4096); // given back by the returner
    NativeBuffer t1, t2;

    {
        pool.release(pool.acquire(4096)); // one idle buffer to start with
    }

    @Actor
    public void taker1() {
        t1 = pool.acquire(4096);
    }

    @Actor
    public void returnerThenTaker() {
        pool.release(returning);
        t2 = pool.acquire(4096);
    }

    @Arbiter
    public void arbiter(ZZ_Result r) {
        r.r1 = t1 != t2;
        r.r2 = t1 != held && t2 != held;
    }
}

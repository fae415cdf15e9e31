package io.loomuring.stress.pool;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.loomuring.poller.ProvidedBuffers;
import io.loomuring.poller.kernel.RegisterOp;

/*
 * The provided buffers' release queue with two releasers at once: both buffers of a two-buffer
 * ring are with readers; one reader releases its buffer while the ring thread releases the other
 * (a reader of its own) and replenishes (two actors: jcstress runs no more on two CPUs). The
 * two releases take the queue's two slots, in either order, and may be seen by the ring thread's
 * replenish or only by the next one (a release that took its slot number but has not stored yet).
 * After a last replenish every buffer is back in the ring exactly once: none lost, none twice.
 *
 * Run: stress/run quick -t Pool_03
 *
 *   RESULT     EXPECT      DESCRIPTION
 *   1, 1, 0    ACCEPTABLE  each buffer offered again once, no stray id
 *   (other)    FORBIDDEN   a release lost, an id offered twice, or an id no buffer has
 *
 * r1: offers of buffer 0, r2: offers of buffer 1, r3: entries naming no buffer.
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "Both releases came back once each.")
@Outcome(expect = FORBIDDEN, desc = "A release lost or duplicated.")
@State
public class Pool_03_ConcurrentReleases {
    private static final VarHandle TAIL = JAVA_SHORT.varHandle();

    final ProvidedBuffers buffers = ProvidedBuffers.unregistered(Arena.ofAuto(), 2, 64, 0);
    final MemorySegment ring = buffers.ring();
    int head;                 // the kernel's ring head
    final int[] offered = new int[2];
    int bad;

    {
        take();               // both buffers go to readers
        offered[0] = 0;
        offered[1] = 0;
    }

    /** The kernel taking every entry the tail shows. */
    void take() {
        int tail = Short.toUnsignedInt((short) TAIL.getAcquire(ring, RegisterOp.BUF_RING_TAIL));
        while ((short) (tail - head) != 0) {
            int bid = Short.toUnsignedInt(ring.get(JAVA_SHORT, RegisterOp.BUF_SIZE * (head & 1) + RegisterOp.BUF_BID));
            if (bid > 1) {
                bad++;
            } else {
                offered[bid]++;
            }
            head++;
        }
    }

    @Actor
    public void reader0() {
        buffers.release(0);
    }

    /** A reader on the ring thread (a pinned receive) releases, and the ring thread replenishes. */
    @Actor
    public void ringThread() {
        buffers.release(1);
        buffers.replenish();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        buffers.replenish();
        take();
        r.r1 = offered[0];
        r.r2 = offered[1];
        r.r3 = bad;
    }
}

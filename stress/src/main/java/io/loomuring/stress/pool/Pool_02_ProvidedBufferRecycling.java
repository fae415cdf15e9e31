package io.loomuring.stress.pool;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
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
 * The provided-buffer ring's recycling, the kernel's part played by the test as the kernel does
 * it: read the tail with acquire, take the entry at its head, hand that buffer id to a receive.
 * Two buffers; the kernel has handed buffer 0 to a reader before the test starts. The reader
 * copies its data out and releases buffer 0 while the ring thread replenishes and the kernel
 * (running on the ring thread, as DEFER_TASKRUN makes it) takes whatever the ring offers. Buffer
 * 0 must not be offered again before its release, every buffer is taken exactly once per release,
 * and every entry the kernel reads is whole (address and length of the buffer its id names).
 *
 * Run: stress/run quick -t Pool_02
 *
 *   RESULT     EXPECT      DESCRIPTION
 *   1, 1, 0    ACCEPTABLE  buffer 1 taken once, buffer 0 taken once after its release, no torn entry
 *   (other)    FORBIDDEN   a buffer with two owners, one lost, or a torn entry
 *
 * r1: takes of buffer 0 (after the reader got it), r2: takes of buffer 1, r3: torn entries or
 * takes of buffer 0 while the reader still owned it.
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "Each buffer went to one owner at a time; entries were whole.")
@Outcome(expect = FORBIDDEN, desc = "A buffer offered while owned, lost, or a torn ring entry.")
@State
public class Pool_02_ProvidedBufferRecycling {
    private static final VarHandle TAIL = JAVA_SHORT.varHandle();
    private static final int SIZE = 64;

    final ProvidedBuffers buffers = ProvidedBuffers.unregistered(Arena.ofAuto(), 2, SIZE, 0);
    final MemorySegment ring = buffers.ring();
    int head;                    // the kernel's ring head
    volatile boolean readerOwns0; // buffer 0 is the reader's (until it releases)
    final int[] taken = new int[2];
    int bad;

    {
        take(); // buffer 0 goes to a reader
        taken[0] = 0;
        readerOwns0 = true;
    }

    /** The kernel selecting a buffer for a receive: every entry the tail shows. */
    void take() {
        int tail = Short.toUnsignedInt((short) TAIL.getAcquire(ring, RegisterOp.BUF_RING_TAIL));
        while ((short) (tail - head) != 0) {
            long e = RegisterOp.BUF_SIZE * (head & 1);
            int bid = Short.toUnsignedInt(ring.get(JAVA_SHORT, e + RegisterOp.BUF_BID));
            long addr = ring.get(JAVA_LONG, e + RegisterOp.BUF_ADDR);
            int len = ring.get(JAVA_INT, e + RegisterOp.BUF_LEN);
            if (bid > 1 || addr != buffers.memory().address() + (long) bid * SIZE || len != SIZE
                    || (bid == 0 && readerOwns0)) {
                bad++;
            } else {
                taken[bid]++;
            }
            head++;
        }
    }

    @Actor
    public void reader() {
        buffers.segment(0).fill((byte) 1); // the copy out of the buffer
        readerOwns0 = false;
        buffers.release(0);
    }

    @Actor
    public void ringThread() {
        buffers.replenish();
        take();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        buffers.replenish();
        take();
        r.r1 = taken[0];
        r.r2 = taken[1];
        r.r3 = bad;
    }
}

package io.loomuring.poller.carrier;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The claim on one carrier ring's owner-side state — its CQ, slot table, backlog and counters. The
 * carrier's thread holds it while it runs its loop and gives it up while a continuation runs; a
 * virtual thread mounted on the carrier takes it for each call into the ring; the monitor takes it
 * only with {@link #tryTake()}, to reap the CQ of a carrier that a long continuation holds
 * (docs/design/carrier-rings.md, "Hogs"). Whoever holds it is the ring's owner for that time;
 * taking it acquires what the last holder wrote, giving it up releases what this one wrote.
 *
 * <p>Reentrant in the one way the owner needs: a CQE handler that runs under the claim (a reap by
 * the loop, by a pinned waiter or by the monitor) may call back into the carrier (a cancel, a
 * re-armed request); {@link #take()} then returns false and the caller must not give the claim up.
 * Threads: any.
 */
public final class CqClaim {
    private static final VarHandle HELD;

    static {
        try {
            HELD = MethodHandles.lookup().findVarHandle(CqClaim.class, "held", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Spins before a waiting platform thread's {@link #take()} yields its CPU to a holder that may have been preempted. */
    private static final int SPINS = 100;

    private volatile int held;
    private Thread holder;             // written by the holder only, cleared before the release
    private volatile long contended;   // takes that had to wait; written by the holder only

    /** Takes the claim if it is free; true when taken (then {@link #give()} it). */
    public boolean tryTake() {
        if (HELD.compareAndSet(this, 0, 1)) {
            holder = Thread.currentThread();
            return true;
        }
        return false;
    }

    /**
     * Takes the claim, waiting for the holder to give it up (a reap of the CQ: microseconds; a
     * preempted holder is given the CPU). Returns true when taken — the caller then gives it up —
     * and false when the calling thread already holds it (a call back from under the claim).
     */
    public boolean take() {
        if (tryTake()) {
            return true;
        }
        if (holder == Thread.currentThread()) {
            return false;
        }
        // A virtual thread spins: Thread.yield would unmount it, and it could come back on another
        // carrier while this carrier's loop took the claim back and went to sleep holding it. The
        // holder it waits for is the monitor, for the microseconds of a reap.
        boolean virtual = Thread.currentThread().isVirtual();
        for (int i = 0; !tryTake(); i++) {
            if (i < SPINS || virtual) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        contended = contended + 1;
        return true;
    }

    /** Gives the claim up; only its holder calls this. */
    public void give() {
        holder = null;
        HELD.setRelease(this, 0);
    }

    /** Whether someone holds it now. */
    public boolean isHeld() {
        return held != 0;
    }

    /** How many {@link #take()}s had to wait so far. */
    public long contended() {
        return contended;
    }
}

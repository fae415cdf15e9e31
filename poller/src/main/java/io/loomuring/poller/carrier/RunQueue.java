package io.loomuring.poller.carrier;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A carrier's queue of continuations: pushed by any thread, taken by its carrier and stolen by
 * idle ones, first in first out, with nothing allocated per push while it holds fewer than its
 * capacity. A bounded array in which each cell carries a sequence number (D. Vyukov's bounded
 * multi-producer multi-consumer queue): a producer claims the tail with a CAS, writes the cell and
 * publishes it by its sequence (a release store); a consumer claims the head with a CAS once the
 * cell's sequence says it is published, takes it and frees the cell for the lap after (a release
 * store). When the array is full, pushes go to an overflow queue, and keep going there while it
 * holds anything, so that nothing pushed later overtakes it for long: the array drains first, then
 * the overflow.
 *
 * <p>A push that has claimed its cell but not yet published it makes {@link #poll} answer null
 * while {@link #isEmpty} answers false: a carrier about to sleep sees work and turns once more.
 *
 * <p>Threads: any.
 */
public final class RunQueue {
    private static final VarHandle HEAD, TAIL, SEQ, ITEM;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunQueue.class, "head", long.class);
            TAIL = l.findVarHandle(RunQueue.class, "tail", long.class);
            SEQ = MethodHandles.arrayElementVarHandle(long[].class);
            ITEM = MethodHandles.arrayElementVarHandle(Runnable[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int mask;
    private final long[] seq;          // cell i: == position → free for it; == position + 1 → holds it
    private final Runnable[] items;
    private final ConcurrentLinkedQueue<Runnable> overflow = new ConcurrentLinkedQueue<>();
    // head and tail on separate cache lines: consumers write one, producers the other
    @SuppressWarnings("unused") private long p0, p1, p2, p3, p4, p5, p6;
    private volatile long head;
    @SuppressWarnings("unused") private long q0, q1, q2, q3, q4, q5, q6;
    private volatile long tail;
    @SuppressWarnings("unused") private long r0, r1, r2, r3, r4, r5, r6;

    /** A queue whose array holds {@code capacity} continuations (a power of two, at least 2). */
    public RunQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        mask = capacity - 1;
        seq = new long[capacity];
        items = new Runnable[capacity];
        for (int i = 0; i < capacity; i++) {
            seq[i] = i;
        }
    }

    /** Appends {@code task}. */
    public void offer(Runnable task) {
        if (!overflow.isEmpty() || !offerToArray(task)) {
            overflow.offer(task);
        }
    }

    private boolean offerToArray(Runnable task) {
        long pos = tail;
        for (;;) {
            int i = (int) pos & mask;
            long d = (long) SEQ.getAcquire(seq, i) - pos;
            if (d == 0) {
                if (TAIL.compareAndSet(this, pos, pos + 1)) {
                    ITEM.set(items, i, task);
                    SEQ.setRelease(seq, i, pos + 1);
                    return true;
                }
                pos = tail;
            } else if (d < 0) {
                return false; // full: the cell still holds the lap before's continuation
            } else {
                pos = tail;   // another producer took it
            }
        }
    }

    /**
     * Takes the oldest continuation, or returns null when there is none (or one is being pushed).
     * The overflow is looked at first and taken from last: whatever the array received before the
     * overflow's head was pushed has moved the tail by then, and is taken (or waited for) first.
     */
    public Runnable poll() {
        Runnable spilled = overflow.peek();
        long pos = head;
        for (;;) {
            int i = (int) pos & mask;
            long d = (long) SEQ.getAcquire(seq, i) - (pos + 1);
            if (d == 0) {
                if (HEAD.compareAndSet(this, pos, pos + 1)) {
                    Runnable task = (Runnable) ITEM.get(items, i);
                    ITEM.set(items, i, null);
                    SEQ.setRelease(seq, i, pos + mask + 1);
                    return task;
                }
                pos = head;
            } else if (d < 0) {
                // The array's next cell is empty: the array is, or a push has claimed the cell and
                // not yet filled it — then that continuation is older than the overflow's.
                return spilled == null || tail != pos ? null : overflow.poll();
            } else {
                pos = head;   // another consumer took it
            }
        }
    }

    /**
     * How many continuations the array holds, counting pushes under way, plus one when the overflow
     * holds any (its length is not counted: the array is full then). Exact only when no other
     * thread pushes or takes; never negative.
     */
    public int size() {
        long h = head;           // head first: the tail read after it is at least as far on
        long n = tail - h;
        return (int) Math.min(n, mask + 1) + (overflow.isEmpty() ? 0 : 1);
    }

    /** Whether nothing is queued and no push is under way (volatile reads). */
    public boolean isEmpty() {
        return head == tail && overflow.isEmpty();
    }
}

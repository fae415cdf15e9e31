package io.loomuring.backend.uring;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.loomuring.poller.IoRing;
import io.loomuring.poller.Operation;

/**
 * The accepted descriptors (or errors, or nudges) a multishot accept request has delivered, and
 * the threads waiting for them.
 *
 * <p>Unlike a {@code BlockingQueue}, a waiter parks through its ring's hooks
 * ({@link IoRing#beforePark}, {@link IoRing#waiterWoke}): when the request sits in the ring of the
 * very carrier a pinned waiter blocks (a class initializer), the waiter reaps that ring itself.
 *
 * <p>Protocol: {@link #offer} adds, then unparks one registered waiter; a waiter registers, then
 * re-checks, then parks — either it sees the entry or the offerer sees it. A waiter that leaves
 * without an entry (timeout, interrupt) unparks the next one if entries remain, so no entry waits
 * while a thread parks. Threads: any.
 */
final class AcceptQueue {
    private final ConcurrentLinkedQueue<Integer> entries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();

    void offer(int entry) {
        entries.offer(entry);
        size.incrementAndGet();
        Thread w = waiters.poll();
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    Integer poll() {
        Integer r = entries.poll();
        if (r != null) {
            size.decrementAndGet();
        }
        return r;
    }

    int size() {
        return size.get();
    }

    /** Whether any thread waits in {@link #take}. */
    boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    /**
     * The next entry, waiting until {@code deadline} ({@link System#nanoTime()}; 0: none); null on
     * timeout.
     *
     * @param op the multishot request the entries come from, or null: its ring's park hooks are used
     * @throws InterruptedException the thread was interrupted (status cleared)
     */
    Integer take(long deadline, Operation op) throws InterruptedException {
        Thread me = Thread.currentThread();
        while (true) {
            Integer r = poll();
            if (r != null) {
                return r;
            }
            waiters.add(me);
            r = poll();
            if (r != null) {
                waiters.remove(me);
                return r;
            }
            IoRing ring = op == null ? null : op.ring();
            if (ring != null) {
                ring.beforePark();
            }
            if (deadline == 0) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    waiters.remove(me);
                    passOn();
                    return null;
                }
                LockSupport.parkNanos(this, left);
            }
            if (ring != null) {
                ring.waiterWoke(op);
            }
            waiters.remove(me);
            if (Thread.interrupted()) {
                passOn();
                throw new InterruptedException();
            }
        }
    }

    private void passOn() {
        if (!entries.isEmpty()) {
            Thread w = waiters.poll();
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }
}

package io.loomuring.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The baseline for the poller: the same hand-off — a Treiber-stack queue, a state word so the
 * consumer is woken only when it sleeps, park/unpark of the waiter — to a platform thread that
 * "completes" each request at once, with no io_uring at all. The difference between this and a
 * {@code Poller} round trip is the cost of the ring: SQE/CQE handling and {@code io_uring_enter}.
 */
final class BareHandOff implements AutoCloseable {
    static final class Request {
        final Thread waiter = Thread.currentThread();
        volatile boolean done;
        Request next;
    }

    private static final int RUNNING = 0, SLEEPING = 1, WOKEN = 2;

    private final AtomicReference<Request> head = new AtomicReference<>();
    private final AtomicInteger state = new AtomicInteger();
    private final Thread consumer;
    private volatile boolean closed;
    long wakeups;   // written by producers under the CAS that wins the wake-up; approximate

    BareHandOff() {
        consumer = Thread.ofPlatform().daemon(true).name("bare-hand-off").start(this::run);
    }

    /** One round trip: hand a request over, park until the consumer completes it. */
    void roundTrip() {
        Request r = new Request();
        Request h;
        do {
            h = head.get();
            r.next = h;
        } while (!head.compareAndSet(h, r));
        if (state.get() == SLEEPING && state.compareAndSet(SLEEPING, WOKEN)) {
            wakeups++;
            LockSupport.unpark(consumer);
        }
        while (!r.done) {
            LockSupport.park(this);
        }
    }

    private void run() {
        while (!closed) {
            Request r = head.getAndSet(null);
            if (r == null) {
                state.set(SLEEPING);
                if (head.get() == null && !closed) {
                    LockSupport.park(this);
                }
                state.set(RUNNING);
                continue;
            }
            Request prev = null;          // reverse into push order, as the poller does
            while (r != null) {
                Request n = r.next;
                r.next = prev;
                prev = r;
                r = n;
            }
            for (r = prev; r != null; r = r.next) {
                r.done = true;
                LockSupport.unpark(r.waiter);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        LockSupport.unpark(consumer);
        consumer.join();
    }
}

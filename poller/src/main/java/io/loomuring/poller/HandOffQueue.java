package io.loomuring.poller;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.loomuring.poller.ring.Sqe;

/**
 * The lock-free multi-producer, single-consumer hand-off from callers to the ring thread.
 *
 * <p>A Treiber stack of intrusive nodes ({@link Operation#next}): producers push with a CAS on the
 * head; the consumer takes the whole stack with one {@code getAndSet(null)} and reverses it, so
 * operations come out in push order (per producer, and overall in linearization order). No node is
 * allocated per operation. {@link #close} swaps in a sentinel so that a push after close fails
 * instead of stranding the operation.
 *
 * <p>Memory ordering: the CAS that publishes a node is a volatile write, so the node's fields
 * written before {@code push} (the operation and its {@code next}) are visible to the consumer
 * after its volatile {@code getAndSet}. The producer's subsequent read of the ring thread's state
 * word is ordered after the push (both volatile), which the wake protocol in {@link Poller} relies
 * on.
 *
 * <p>Threads: {@link #push} from any thread; {@link #drain}, {@link #close} from one consumer.
 */
public final class HandOffQueue {
    private static final VarHandle HEAD;
    /** The head after close: pushes see it and fail. */
    private static final Operation CLOSED = new Operation() {
        @Override
        protected void prepare(Sqe sqe) {
            throw new AssertionError();
        }
    };

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(HandOffQueue.class, "head", Operation.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Operation head;   // top of the stack: the most recent push, or CLOSED

    /** Pushes {@code op}; returns false (and does not enqueue) once the queue is closed. */
    public boolean push(Operation op) {
        Operation h;
        do {
            h = head;
            if (h == CLOSED) {
                return false;
            }
            op.next = h;
        } while (!HEAD.compareAndSet(this, h, op));
        return true;
    }

    /** Whether nothing is queued (volatile read; a closed queue is empty). */
    public boolean isEmpty() {
        Operation h = head;
        return h == null || h == CLOSED;
    }

    /**
     * Takes everything queued, in push order, as a linked chain through {@link Operation#next}
     * (null when empty). Consumer only.
     */
    public Operation drain() {
        Operation h = head;
        if (h == null || h == CLOSED) {
            return null;
        }
        return reverse((Operation) HEAD.getAndSet(this, (Operation) null));
    }

    /** Takes everything queued and refuses all later pushes. Consumer only. */
    public Operation close() {
        Operation h = (Operation) HEAD.getAndSet(this, CLOSED);
        return h == CLOSED ? null : reverse(h);
    }

    private static Operation reverse(Operation h) {
        Operation prev = null;
        while (h != null) {
            Operation n = h.next;
            h.next = prev;
            prev = h;
            h = n;
        }
        return prev;
    }

    /** Detaches {@code op} from its chain and returns the next one. */
    public static Operation unlink(Operation op) {
        Operation n = op.next;
        op.next = null;
        return n;
    }
}

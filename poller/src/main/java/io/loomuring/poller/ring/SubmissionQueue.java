package io.loomuring.poller.ring;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The submission queue: a ring of SQE indexes shared with the kernel, plus the SQE array.
 *
 * <p>The application owns the tail, the kernel owns the head. The tail is published with a
 * release store so the kernel sees complete SQEs before it sees the new tail; the head is read
 * with an acquire load so an SQE slot is reused only after the kernel has consumed it. Without
 * SQPOLL the kernel reads the tail only inside {@code io_uring_enter}, but the orderings are
 * kept so that the class stays correct if SQPOLL is ever enabled.
 *
 * <p>Threads: the ring thread only.
 */
public final class SubmissionQueue {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment ring;   // mapping holding the kernel-shared indexes
    private final long kHead;           // kernel-written: next SQE the kernel will consume
    private final long kTail;           // app-written: one past the last published SQE
    private final long kFlags;          // kernel-written: IORING_SQ_* flags
    private final long kDropped;        // kernel-written: invalid SQEs dropped
    private final int mask;
    private final int entries;
    private final Sqe sqe;
    private int tail;                   // local tail: SQEs prepared, published by flush()
    private int flushedTail;            // the tail last published to the kernel

    SubmissionQueue(MemorySegment ring, long head, long tail, long flags, long dropped, long array,
                    int mask, int entries, MemorySegment sqes) {
        this.ring = ring;
        this.kHead = head;
        this.kTail = tail;
        this.kFlags = flags;
        this.kDropped = dropped;
        this.mask = mask;
        this.entries = entries;
        this.sqe = new Sqe(sqes);
        // The index array maps ring positions to SQE slots; loom-uring uses the identity map,
        // written once, as liburing does.
        for (int i = 0; i < entries; i++) {
            ring.set(JAVA_INT, array + 4L * i, i);
        }
        this.tail = (int) INT.getAcquire(ring, kTail);
        this.flushedTail = this.tail;
    }

    /** The next free SQE, zeroed, or {@code null} when the queue is full (submit, then retry). */
    public Sqe next() {
        int head = (int) INT.getAcquire(ring, kHead);
        if (tail - head >= entries) {
            return null;
        }
        return sqe.at(tail++ & mask);
    }

    /**
     * Takes back the last {@code n} SQEs prepared since the last {@link #flush}: the kernel never
     * sees them (a chain whose later step could not be written).
     */
    public void unwrite(int n) {
        if (n < 0 || tail - n < flushedTail) {
            throw new IllegalStateException("cannot take back " + n + " SQEs: " + (tail - flushedTail) + " unpublished");
        }
        tail -= n;
    }

    /** Free entries right now. */
    public int space() {
        return entries - (tail - (int) INT.getAcquire(ring, kHead));
    }

    /** Publishes the prepared SQEs to the kernel; returns how many were published by this call. */
    public int flush() {
        int n = tail - flushedTail;
        if (n != 0) {
            INT.setRelease(ring, kTail, tail);
            flushedTail = tail;
        }
        return n;
    }

    /** SQEs published but not yet consumed by the kernel. */
    public int pending() {
        return flushedTail - (int) INT.getAcquire(ring, kHead);
    }

    /** The kernel's {@code IORING_SQ_*} flags word (acquire: it is written asynchronously). */
    public int kernelFlags() {
        return (int) INT.getAcquire(ring, kFlags);
    }

    /** How many SQEs the kernel dropped as invalid since the ring was created. */
    public int dropped() {
        return (int) INT.getAcquire(ring, kDropped);
    }

    public int entries() {
        return entries;
    }
}

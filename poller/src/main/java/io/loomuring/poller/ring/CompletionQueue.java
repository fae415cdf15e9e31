package io.loomuring.poller.ring;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static io.loomuring.poller.kernel.CqeLayout.FLAGS;
import static io.loomuring.poller.kernel.CqeLayout.RES;
import static io.loomuring.poller.kernel.CqeLayout.USER_DATA;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The completion queue: CQEs written by the kernel at the tail, consumed by the application at the
 * head.
 *
 * <p>The tail is read with an acquire load so that the CQE contents written before it are visible;
 * the head is published with a release store after the CQEs have been read, so the kernel never
 * overwrites an entry still being read.
 *
 * <p>Threads: the ring thread only.
 */
public final class CompletionQueue {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    /** Receives one CQE. */
    @FunctionalInterface
    public interface Handler {
        void completion(long userData, int res, int flags);
    }

    private final MemorySegment ring;   // mapping holding the kernel-shared indexes
    private final long kHead;           // app-written: next CQE to consume
    private final long kTail;           // kernel-written: one past the last posted CQE
    private final long kOverflow;       // kernel-written: CQEs lost to overflow
    private final MemorySegment cqes;   // the kernel-written CQE array
    private final int mask;
    private final int entries;

    CompletionQueue(MemorySegment ring, long head, long tail, long overflow, long cqes, int mask,
                    int entries) {
        this.ring = ring;
        this.kHead = head;
        this.kTail = tail;
        this.kOverflow = overflow;
        this.cqes = ring.asSlice(cqes, 16L * entries);
        this.mask = mask;
        this.entries = entries;
    }

    /**
     * Hands every available CQE to {@code handler}, releasing each before its handler runs;
     * returns how many this call handled. Re-entrant: a handler that reaps again (on this thread)
     * takes the CQEs after its own, and this loop goes on from the head it finds, so no CQE is
     * handled twice.
     */
    public int reap(Handler handler) {
        int tail = (int) INT.getAcquire(ring, kTail);
        int n = 0;
        for (int head; (head = (int) INT.get(ring, kHead)) != tail; n++) { // only this thread writes it
            long off = (long) (head & mask) * 16;
            long userData = cqes.get(JAVA_LONG, off + USER_DATA);
            int res = cqes.get(JAVA_INT, off + RES);
            int flags = cqes.get(JAVA_INT, off + FLAGS);
            INT.setRelease(ring, kHead, head + 1);
            handler.completion(userData, res, flags);
        }
        return n;
    }

    /** CQEs posted and not yet reaped. */
    public int ready() {
        return (int) INT.getAcquire(ring, kTail) - (int) INT.get(ring, kHead);
    }

    /** CQEs the kernel could not post and dropped (with {@code FEAT_NODROP}, only on allocation failure). */
    public int overflow() {
        return (int) INT.getAcquire(ring, kOverflow);
    }

    public int entries() {
        return entries;
    }
}

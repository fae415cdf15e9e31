package io.loomuring.poller;

import java.lang.foreign.MemorySegment;

import io.loomuring.poller.kernel.CqeLayout;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SqeLayout;
import io.loomuring.poller.ring.Sqe;
import io.loomuring.poller.ring.SubmissionQueue;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The two steps every ring owner takes, whoever it is (the shared ring thread, a carrier): write a
 * queued operation's SQE — with its linked timeout — and dispatch a CQE to its operation.
 *
 * <p>Threads: the ring's own thread only (its SQ, CQ and slot table).
 */
final class RingWork {
    private RingWork() {}

    /** SQEs one operation needs at most: itself and a linked timeout. */
    static int sqesFor(Operation op) {
        return op.linkTimeoutNanos() > 0 ? 2 : 1;
    }

    /**
     * Writes {@code op}'s SQE (QUEUED → SUBMITTED, a slot, its {@code user_data}) and its linked
     * timeout, whose timespec lives at {@code linkTimespecs[16 × SQE index]}. An operation abandoned
     * meanwhile becomes a harmless NOP; one whose {@code prepare} throws fails. The caller checked
     * SQ space ({@link #sqesFor}) and that the slot table has room. Returns SQEs written, and
     * whether the operation went to the kernel in {@code submitted[0]}.
     */
    static int write(SubmissionQueue sq, SlotTable slots, MemorySegment linkTimespecs, Operation op, boolean[] submitted) {
        submitted[0] = false;
        Sqe sqe = sq.next();
        if (!op.transition(Operation.QUEUED, Operation.SUBMITTED)) {
            sqe.clear().userData(UserData.DISCARDED); // abandoned meanwhile: a harmless NOP
            return 1;
        }
        long ud = slots.acquire(op);
        op.userData = ud;
        try {
            op.prepare(sqe);
            sqe.userData(ud);
            submitted[0] = true;
            if (op.linkTimeoutNanos() > 0) {
                sqe.flags(sqe.flags() | SqeLayout.IOSQE_IO_LINK);
                Sqe t = sq.next();
                // The kernel copies the timespec while submitting, so one per SQE index is enough:
                // an index is not reused before the SQE holding it has been submitted.
                long ts = 16L * t.index();
                linkTimespecs.set(JAVA_LONG, ts, op.linkTimeoutNanos() / 1_000_000_000L);
                linkTimespecs.set(JAVA_LONG, ts + 8, op.linkTimeoutNanos() % 1_000_000_000L);
                t.prepRw(Opcode.LINK_TIMEOUT, -1, linkTimespecs.address() + ts, 1, 0).userData(UserData.LINK_TIMEOUT);
                return 2;
            }
        } catch (RuntimeException | Error e) {
            sqe.clear().userData(UserData.DISCARDED);
            slots.release(op);
            op.fail(e);
        }
        return 1;
    }

    /** Whether a CQE with {@code flags} leaves {@code op} in flight (a multishot operation's intermediate CQE). */
    static boolean intermediate(Operation op, int flags) {
        return (flags & CqeLayout.F_MORE) != 0 && op.multishot();
    }

    /**
     * The final CQE of {@code op}: its slot is released and its result published to its waiter (or
     * an orphan released). The caller counts the completion before this call, so that a waiter that
     * reads the counters once its operation returned sees it.
     */
    static void complete(SlotTable slots, Operation op, int res, int flags, Throwable closing) {
        slots.release(op);
        op.onCompletion(res, flags, closing);
    }
}

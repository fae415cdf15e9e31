package io.loomuring.poller;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

import io.loomuring.poller.ring.Sqe;

/**
 * One io_uring operation and everything the kernel may touch while it runs. An operation owns its
 * buffers, iovecs, socket addresses and fd reference until its own CQE arrives — even after its
 * caller gave up — and only then {@link #release() releases} them, exactly once.
 *
 * <h2>Lifecycle</h2>
 * One state word, changed by {@link #transition} (any other move throws {@link AssertionError}) and
 * set back to NEW by {@link #recycle}.
 * <pre>
 *   NEW ──submit──▶ QUEUED ──ring owner writes SQE──▶ SUBMITTED ──CQE──▶ COMPLETED
 *                     │                                   │
 *                     ├─caller gives up──▶ ABANDONED      └─caller gives up──▶ ORPHANED ──CQE──▶ RELEASED
 *                     └─poller closes───▶ FAILED
 * </pre>
 * ABANDONED operations were never seen by the kernel; the ring's owner skips them. ORPHANED ones
 * are still the kernel's: their resources are released by the ring's owner when the CQE arrives.
 * COMPLETED and FAILED are the states a waiting caller returns from; that caller then releases.
 * A COMPLETED and released operation may be {@link #recycle() recycled} to NEW by that caller and
 * submitted again: the ring's owner reads and writes nothing of an operation after publishing
 * COMPLETED.
 *
 * <p>The ring's owner is the thread that drives its {@link RingOwner}: the shared ring thread
 * ({@link Poller}) — the SQE is written there after the hand-off —, a carrier, where the
 * submitting virtual thread, mounted on it, writes its own SQE, or a selector's lock holder, which
 * arms its polls as detached operations (no waiter).
 *
 * <p>Threads: {@link #prepare} and {@link #onCompletion} run on the ring's owner; {@code submit},
 * waiting and giving up run on the caller's (usually virtual) thread.
 */
public abstract class Operation {
    public static final int NEW = 0;
    public static final int QUEUED = 1;
    public static final int SUBMITTED = 2;
    public static final int COMPLETED = 3;
    public static final int ABANDONED = 4;
    public static final int FAILED = 5;
    public static final int ORPHANED = 6;
    public static final int RELEASED = 7;

    private static final String[] STATE_NAMES = {
        "NEW", "QUEUED", "SUBMITTED", "COMPLETED", "ABANDONED", "FAILED", "ORPHANED", "RELEASED"
    };

    /** Allowed moves: bit {@code to} of {@code ALLOWED[from]}. */
    private static final int[] ALLOWED = {
        1 << QUEUED,                                        // NEW
        1 << SUBMITTED | 1 << ABANDONED | 1 << FAILED,      // QUEUED
        1 << COMPLETED | 1 << ORPHANED | 1 << FAILED,       // SUBMITTED
        0, 0, 0,                                            // COMPLETED, ABANDONED, FAILED
        1 << RELEASED,                                      // ORPHANED
        0                                                   // RELEASED
    };

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Operation.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;        // written by transition(), and by recycle() to start over
    private Thread waiter;             // written before submit; read by the ring's owner after QUEUED
    private int result;                // written by the ring's owner before COMPLETED
    private int cqeFlags;              // written by the ring's owner before COMPLETED
    private Throwable failure;         // written before FAILED, or before COMPLETED by a closing poller
    private volatile boolean failedInKernel; // FAILED while the kernel may still own its memory
    private boolean released;          // release() ran; written before COMPLETED is read or RELEASED is written
    Operation next;                    // hand-off queue link; owned by HandOffQueue
    int slot = -1;                     // slot table index while SUBMITTED or ORPHANED; ring owner only
    long userData;                     // the user_data of its SQE once submitted; ring owner only
    private long linkTimeoutNanos;     // > 0: a linked IORING_OP_LINK_TIMEOUT; written before submit
    private volatile IoRing ring;      // the ring it was submitted to; written at submit
    int stepsLeft;                     // a chain's CQEs still to come; ring owner only
    int fileSlot = -1;                 // the fixed-file slot a chain holds; ring owner only

    /**
     * Moves from {@code from} to {@code to} if the state is {@code from}; returns whether it did.
     *
     * @throws AssertionError when {@code from → to} is not a move of the lifecycle
     */
    public final boolean transition(int from, int to) {
        if ((ALLOWED[from] & (1 << to)) == 0) {
            throw new AssertionError("impossible operation transition " + stateName(from) + " -> " + stateName(to));
        }
        return STATE.compareAndSet(this, from, to);
    }

    /** The current state (volatile read). */
    public final int state() {
        return state;
    }

    public static String stateName(int s) {
        return s >= 0 && s < STATE_NAMES.length ? STATE_NAMES[s] : "?" + s;
    }

    /**
     * Writes this operation's SQE: opcode, fd, addresses, lengths, flags. The poller sets
     * {@code user_data} afterwards. Runs on the ring's owner; must not block or allocate per call
     * where avoidable.
     */
    protected abstract void prepare(Sqe sqe);

    /**
     * How many linked SQEs this operation writes: 1, or up to {@link UserData#MAX_STEPS} for a chain
     * ({@code IOSQE_IO_LINK}). A chain's SQEs are written one after another in one batch, each by
     * {@link #prepareStep}, and every one of them posts a CQE (a request the chain cancelled posts
     * {@code -ECANCELED}); each CQE goes to {@link #onStep}, and the last to arrive completes the
     * operation. A chain takes no linked timeout.
     */
    protected int steps() {
        return 1;
    }

    /**
     * Writes SQE {@code step} of a chain, link flags included ({@code prepare} writes step 0 of a
     * single-SQE operation). {@code fileSlot} is the fixed-file slot the ring lent the chain when it
     * {@link #needsFileSlot() asked} for one, else -1. Ring owner.
     */
    protected void prepareStep(int step, Sqe sqe, int fileSlot) {
        throw new AssertionError(getClass().getSimpleName() + " is not a chain");
    }

    /** The CQE of step {@code step} of a chain; the ring's owner, before the final completion. */
    protected void onStep(int step, int res) {
        throw new AssertionError(getClass().getSimpleName() + " is not a chain");
    }

    /**
     * Whether this chain needs a slot of the ring's fixed-file table for its lifetime (an
     * {@code openat} into a slot that later steps read through and close). The slot is free again
     * when the operation's last CQE has arrived; the chain must leave it empty.
     */
    protected boolean needsFileSlot() {
        return false;
    }

    /**
     * The fd this operation acts on, used to choose its ring and to cancel by fd; -1 for none.
     */
    public int fd() {
        return -1;
    }

    /**
     * Whether a CQE with {@code IORING_CQE_F_MORE} leaves this operation in flight (multishot).
     * Such CQEs go to {@link #onIntermediate}; the final one completes the operation.
     */
    protected boolean multishot() {
        return false;
    }

    /** A non-final CQE of a multishot operation; the ring's owner. */
    protected void onIntermediate(int res, int flags) {
        throw new AssertionError(getClass().getSimpleName() + " is not multishot");
    }

    /**
     * The {@link #result()} to publish for the final CQE; the ring's owner. Default: its {@code res}. A
     * zero-copy send, whose final CQE is the buffer notification, returns the count from its
     * first CQE instead.
     */
    protected int finalResult(int res, int flags) {
        return res;
    }

    /**
     * Releases what the kernel could touch (returns pooled buffers, drops fd references). Called
     * exactly once, after the final CQE: by the waiting caller after it has read the result, or by
     * the ring's owner for an orphaned operation. Default: nothing to release.
     */
    protected void release() {
    }

    /**
     * Calls {@link #release()} the first time only. The owner calls it once the operation is done
     * and {@link #kernelMayOwn()} is false; the ring's owner calls it for an orphan.
     */
    public final void releaseOnce() {
        if (!released) {
            released = true;
            release();
        }
    }

    /** The CQE {@code res} (a count, an fd, or {@code -errno}); valid once COMPLETED. */
    public final int result() {
        return result;
    }

    /** The CQE flags; valid once COMPLETED. */
    public final int cqeFlags() {
        return cqeFlags;
    }

    /** Why the operation failed without a kernel result (poller closed or broken), or null. */
    public final Throwable failure() {
        return failure;
    }

    /**
     * Bounds the operation's time in the kernel: the poller links an {@code IORING_OP_LINK_TIMEOUT}
     * SQE to it, and when the time passes first the kernel cancels the operation, which then
     * completes with {@code -ECANCELED}. No timer thread is involved. Call before submitting.
     */
    public final void linkTimeout(long nanos) {
        if (state != NEW) {
            throw new IllegalStateException("link timeout set after submission");
        }
        this.linkTimeoutNanos = nanos;
    }

    final long linkTimeoutNanos() {
        return linkTimeoutNanos;
    }

    final void waiter(Thread t) {
        this.waiter = t;
    }

    /** Sets the waiter (the thread its completion unparks; null: none) and the ring, at submit. */
    public final void submittedBy(Thread waiter, IoRing ring) {
        this.waiter = waiter;
        this.ring = ring;
    }

    /** The ring this operation was submitted to, or null before submit. */
    public final IoRing ring() {
        return ring;
    }

    /** Ring thread: the final CQE arrived. Publishes the result to the waiter or releases an orphan. */
    final void onCompletion(int res, int flags, Throwable closing) {
        this.result = finalResult(res, flags);
        this.cqeFlags = flags;
        this.failure = closing;
        // Read before publishing: once COMPLETED is visible the caller may recycle the operation
        // and submit it again with another waiter.
        Thread w = waiter;
        if (transition(SUBMITTED, COMPLETED)) {
            // A waiter that reaps its own completion (a pinned or pumping waiter on its carrier)
            // is running and re-checks the state: an unpark would only leave a permit behind,
            // which would make its next park return at once.
            if (w != Thread.currentThread()) {
                LockSupport.unpark(w);
            }
        } else if (state == ORPHANED) {
            // Only this thread moves an orphan on: release first, then publish RELEASED, so that
            // whoever sees RELEASED also sees the release done and cannot release again.
            releaseOnce();
            transition(ORPHANED, RELEASED);
        } else {
            throw new AssertionError("completion of an operation in state " + stateName(state));
        }
    }

    /** Fails a QUEUED or SUBMITTED operation without a kernel result; wakes its waiter. */
    final boolean fail(Throwable why) {
        this.failure = why;
        Thread w = waiter; // read before publishing, as in onCompletion
        if (transition(QUEUED, FAILED)) {
            LockSupport.unpark(w);
            return true;
        }
        failedInKernel = true;
        if (transition(SUBMITTED, FAILED)) {
            LockSupport.unpark(w);
            return true;
        }
        failedInKernel = false;
        return false;
    }

    /**
     * Makes a COMPLETED and released operation NEW again, so that the caller that waited for it can
     * fill it anew and submit it once more instead of making another; returns whether it did (false
     * in any other state: then the operation is dropped as before). Only that caller may call it,
     * after it has read the result and released, and only for an operation no cancel names: a
     * cancel by the operation ({@code IoRing.cancel}) may still be on its way to the ring after the
     * completion and would cancel the next submission. Callers post such cancels only for
     * operations on a descriptor that is closing, and recycle only on one that is not.
     */
    public final boolean recycle() {
        if (state != COMPLETED || !released) {
            return false;
        }
        waiter = null;
        result = 0;
        cqeFlags = 0;
        failure = null;
        failedInKernel = false;
        released = false;
        next = null;
        slot = -1;
        userData = 0;
        linkTimeoutNanos = 0;
        ring = null;
        stepsLeft = 0;
        fileSlot = -1;
        state = NEW;
        return true;
    }

    /** Whether the operation reached a final state: completed, abandoned, failed or released. */
    public final boolean isDone() {
        int s = state;
        return s == COMPLETED || s == ABANDONED || s == FAILED || s == RELEASED;
    }

    /**
     * Whether the kernel may still write into this operation's memory: it is in flight, orphaned,
     * or failed while in flight (a poller that could not drain). Such memory is never released.
     */
    public final boolean kernelMayOwn() {
        int s = state;
        return s == SUBMITTED || s == ORPHANED || (s == FAILED && failedInKernel);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + stateName(state) + ", fd=" + fd() + "]";
    }
}

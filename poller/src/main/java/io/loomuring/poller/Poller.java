package io.loomuring.poller;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.loomuring.poller.kernel.CancelFlags;
import io.loomuring.poller.kernel.EnterFlags;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.CompletionQueue;
import io.loomuring.poller.ring.Ring;
import io.loomuring.poller.ring.Sqe;
import io.loomuring.poller.ring.SubmissionQueue;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.LibC;
import io.loomuring.poller.sys.Syscalls;


/**
 * One io_uring ring and the platform thread that owns it. Any thread — typically a virtual
 * thread — hands an {@link Operation} over with {@link #submit} or {@link #execute}; the ring
 * thread turns queued operations into SQEs, submits them and reaps completions with one
 * {@code io_uring_enter}, and unparks each waiter when its CQE arrives.
 *
 * <h2>Why a platform thread</h2>
 * A virtual thread inside an FFM downcall pins its carrier; blocking in {@code io_uring_enter}
 * from one would take a carrier away from the scheduler. The ring thread is also the ring's single
 * issuer ({@code IORING_SETUP_SINGLE_ISSUER}): it enables the ring, so no other thread can submit.
 *
 * <h2>Wake protocol</h2>
 * The ring thread sleeps in {@code io_uring_enter(min_complete=1)} with an eventfd read always
 * armed in the ring; a producer wakes it by writing the eventfd, and only when it sleeps: the
 * announce / re-check / signal protocol of {@link WakeState}.
 *
 * <h2>Batching</h2>
 * No submission is held back to build a batch: the batch is whatever queued while the ring thread
 * was busy, submitted in the same {@code io_uring_enter} that waits for the next completion.
 *
 * <h2>Pressure</h2>
 * In-flight operations are bounded by the slot table: by the CQ size on kernels that could drop
 * completions, by {@value #MAX_IN_FLIGHT} where the kernel keeps surplus completions in its overflow
 * list ({@code IORING_FEAT_NODROP}), so that 10,000 idle connections can each have a read in flight.
 * Operations beyond the bound wait in the ring thread's backlog. A full SQ is submitted and
 * refilled, never dropped. A CQ overflow flagged by the kernel is flushed and counted.
 *
 * <h2>Close</h2>
 * {@link #close} fails queued operations with {@link PollerClosedException}, cancels the ones in
 * flight ({@code IORING_ASYNC_CANCEL_ANY}), waits for their CQEs (the kernel owns their buffers
 * until then), then unmaps the ring and closes its fds. Closing twice is harmless.
 *
 * <p>Threads: {@link #submit}, {@link #execute}, {@link #stats}, {@link #close} from any thread.
 */
public final class Poller implements AutoCloseable, IoRing {
    private static final System.Logger LOG = System.getLogger("io.loomuring.poller");

    /** Slots kept back from the CQ size for the poller's own SQEs (wake read, cancels). */
    private static final int CQ_RESERVE = 8;
    /** Provided buffers per ring (a power of two) and their size: 4 MiB a ring. */
    private static final int PROVIDED_COUNT = 256;
    private static final int PROVIDED_SIZE = 16 * 1024;
    /** The most operations in flight on one ring when the kernel never drops completions. */
    private static final int MAX_IN_FLIGHT = 1 << 20;
    /** How long close waits for in-flight operations to return their buffers. */
    private static final long CLOSE_DRAIN_NANOS = 10_000_000_000L;

    private final Ring ring;
    private final Thread thread;
    private final HandOffQueue queue = new HandOffQueue();
    private final SlotTable slots;
    private final ArrayDeque<Operation> backlog = new ArrayDeque<>(); // ring thread only
    private final Arena arena = Arena.ofShared();                    // wake buffer; freed after drain
    private final MemorySegment wakeBuffer;                           // the armed eventfd read's target
    private final MemorySegment linkTimespecs;                        // one timespec per SQE index
    private final int eventFd;
    private final long spinNanos;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletionQueue.Handler onCqe = this::onCqe;

    private final WakeState wake = new WakeState();
    private volatile boolean closing;      // set once by close() or a ring thread failure
    private volatile ProvidedBuffers provided; // set once by the ring thread at start; null if refused
    private boolean wakeArmed;             // ring thread only: the eventfd read is in the ring
    private volatile Throwable closeCause; // the ring thread's failure, if it failed

    // Counters: written by the ring thread only (single writer), read by anyone.
    private volatile long submitted, completed, enters, sleeps, batches, largestBatch, cqOverflows, stale;
    private final LongAdder wakeups = new LongAdder(); // written by producers
    /**
     * Sleeps announced, including those the re-check called off because work had arrived: a
     * producer may already have claimed the wake-up of such a sleep (its signal then ends the next
     * wait early), so wake-ups are bounded by this count, not by {@link #sleeps}. Ring thread only.
     */
    private volatile long announcedSleeps;

    /**
     * Creates a ring with {@code options} and starts its thread.
     *
     * @throws IoUringUnavailableException when io_uring cannot be used; the message says why
     */
    public Poller(PollerOptions options) throws IoUringUnavailableException {
        this.ring = Ring.open(options.ring());
        this.spinNanos = options.spinNanos();
        // With FEAT_NODROP the kernel keeps completions that do not fit the CQ in an overflow list,
        // which the loop flushes: in-flight operations (idle connections' reads) may then far exceed
        // the CQ. Without it, they are bounded by the CQ so that no completion can be lost.
        int bound = Math.max(1, ring.cqEntries() - CQ_RESERVE);
        boolean nodrop = (ring.features() & io.loomuring.poller.kernel.SetupFlags.FEAT_NODROP) != 0;
        this.slots = new SlotTable(bound, nodrop ? MAX_IN_FLIGHT : bound);
        this.wakeBuffer = arena.allocate(8, 8);
        // The kernel copies a LINK_TIMEOUT's timespec while submitting, so one per SQE index is
        // enough: an index is not reused before the SQE holding it has been submitted.
        this.linkTimespecs = arena.allocate(16L * ring.sqEntries(), 8);
        int efd;
        try (Arena a = Arena.ofConfined()) {
            efd = Syscalls.eventfd(new CallState(a), 0, Syscalls.EFD_CLOEXEC);
        }
        if (efd < 0) {
            ring.close();
            arena.close();
            throw new IoUringUnavailableException("eventfd failed: " + Errno.name(efd), -efd, null);
        }
        this.eventFd = efd;
        this.thread = Thread.ofPlatform().name(options.name()).daemon(true).unstarted(this::run);
        thread.start();
        try {
            started.get();
        } catch (ExecutionException e) {
            throw new IoUringUnavailableException("the ring thread could not enable the ring: "
                    + e.getCause().getMessage(), 0, e.getCause());
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IoUringUnavailableException("interrupted while starting the ring thread", 0, e);
        }
    }

    /** A poller with {@link PollerOptions#defaults()}. */
    public static Poller open() throws IoUringUnavailableException {
        return new Poller(PollerOptions.defaults());
    }

    // ------------------------------------------------------------------ producer side

    /**
     * Hands {@code op} to the ring thread; returns at once. The caller's thread becomes the waiter
     * that the completion unparks.
     *
     * @throws PollerClosedException the poller is closed; {@code op} was not queued
     */
    @Override
    public void submit(Operation op) throws PollerClosedException {
        enqueue(op, Thread.currentThread());
    }

    private void enqueue(Operation op, Thread waiter) throws PollerClosedException {
        op.submittedBy(waiter, this);
        op.transition(Operation.NEW, Operation.QUEUED);
        if (!queue.push(op)) {
            op.transition(Operation.QUEUED, Operation.ABANDONED);
            throw closedException();
        }
        // Wake protocol, producer half: the push above is a volatile write; the read of the state
        // word is ordered after it. See WakeState.
        if (wake.mustSignal()) {
            wakeups.increment();
            signal();
        }
    }

    /**
     * Writes the eventfd unless the ring thread has terminated: the fd is closed only once no
     * signaler is inside (see {@link WakeState}), so a signal never lands on a reused fd number.
     */
    private void signal() {
        if (wake.beginSignal()) {
            try {
                Syscalls.eventfdWrite(eventFd, 1);
            } finally {
                wake.endSignal();
            }
        }
    }

    /**
     * Hands {@code op} over with no waiter: nobody is unparked when it completes. For the poller's
     * own requests (cancels) and fire-and-forget operations that own nothing.
     */
    @Override
    public void submitDetached(Operation op) throws PollerClosedException {
        enqueue(op, null);
    }

    /**
     * Asks for {@code op} to end early. An operation still queued is abandoned at once (the kernel
     * never sees it; returns true). One already submitted gets an {@code IORING_OP_ASYNC_CANCEL}
     * keyed by its own {@code user_data}: it then completes — with {@code -ECANCELED}, or with its
     * real result if it finished first — and its waiter must still wait for that completion before
     * touching the operation's memory (returns false).
     */
    @Override
    public boolean cancel(Operation op) {
        if (op.transition(Operation.QUEUED, Operation.ABANDONED)) {
            return true;
        }
        if (op.state() == Operation.SUBMITTED) {
            try {
                submitDetached(CancelOp.of(op));
            } catch (PollerClosedException e) {
                // closing: shutdown cancels everything in flight anyway
            }
        }
        return false;
    }

    /**
     * Cancels every operation in flight on {@code fd} ({@code IORING_ASYNC_CANCEL_FD | ALL}), for
     * closing a descriptor. Returns at once; each cancelled operation completes with
     * {@code -ECANCELED}.
     */
    @Override
    public void cancelAll(int fd) {
        try {
            submitDetached(CancelOp.byFd(fd));
        } catch (PollerClosedException e) {
            // closing: shutdown cancels everything in flight anyway
        }
    }

    /**
     * Submits {@code op} and parks until its final completion.
     *
     * <p>Interrupts do not end the wait (the operation owns kernel-visible memory until its CQE);
     * the thread's interrupt status is restored before returning.
     *
     * @return the CQE's {@code res}: a count, an fd, or {@code -errno}
     * @throws PollerClosedException the poller closed before the operation completed
     */
    @Override
    public int execute(Operation op) throws PollerClosedException {
        submit(op);
        boolean interrupted = false;
        int s;
        while ((s = op.state()) != Operation.COMPLETED && s != Operation.FAILED) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = op.failure();
        if (f != null) {
            throw f instanceof PollerClosedException p ? p : new PollerClosedException(f.toString(), f);
        }
        return op.result();
    }

    private PollerClosedException closedException() {
        Throwable cause = closeCause;
        return new PollerClosedException(cause == null ? "poller closed"
                : "poller's ring thread failed: " + cause, cause);
    }

    // ------------------------------------------------------------------ ring thread

    private void run() {
        Throwable failure = null;
        try {
            ring.enable(true);
            try (Arena a = Arena.ofConfined()) {
                provided = ProvidedBuffers.register(ring, arena, new CallState(a), PROVIDED_COUNT,
                        PROVIDED_SIZE, 0);
            }
            started.complete(null);
            loop();
        } catch (Throwable t) {
            failure = t;
            if (!started.isDone()) {
                started.completeExceptionally(t);
            } else {
                closeCause = t;
                LOG.log(System.Logger.Level.ERROR, "loom-uring ring thread " + thread.getName()
                        + " failed; failing every pending operation", t);
            }
        } finally {
            closing = true;
            shutdown(failure);
        }
    }

    private void loop() {
        SubmissionQueue sq = ring.sq();
        while (!closing) {
            int prepared = fill(sq);
            int minComplete = 0;
            boolean sleep = false;
            if (backlog.isEmpty()) {
                if (prepared == 0 && spinNanos != 0 && spin()) {
                    continue;
                }
                // Wake protocol, ring-thread half: announce, re-check, then sleep.
                announcedSleeps = announcedSleeps + 1; // counted first: a producer may claim it at once
                wake.announceSleep();
                if (queue.isEmpty() && !closing) {
                    sleep = true;
                    minComplete = 1;
                } else {
                    wake.running();
                    if (prepared == 0) {
                        continue;
                    }
                }
            } else if (slots.isFull()) {
                minComplete = 1; // back-pressure: wait for a completion to free a slot
            }
            int r = ring.enter(minComplete, 0);
            enters = enters + 1;
            if (prepared > 0) {
                batches = batches + 1;
                if (prepared > largestBatch) {
                    largestBatch = prepared;
                }
            }
            if (sleep) {
                sleeps = sleeps + 1;
                wake.running();
            }
            reap();
            if (r < 0 || (sq.kernelFlags() & EnterFlags.SQ_CQ_OVERFLOW) != 0) {
                // EBUSY/EAGAIN or the overflow flag: the kernel holds completions that did not fit.
                cqOverflows = cqOverflows + 1;
                reap();
                ring.enter(0, 0);
                enters = enters + 1;
                reap();
            }
        }
    }

    /** Polls the hand-off queue for up to {@code spinNanos}; returns whether work arrived. */
    private boolean spin() {
        if (spinNanos < 0) {
            Thread.yield();
            return !queue.isEmpty() || closing;
        }
        long deadline = System.nanoTime() + spinNanos;
        while (System.nanoTime() - deadline < 0) {
            if (!queue.isEmpty() || closing) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /** Moves queued operations into SQEs while slots and SQ space last; returns SQEs prepared. */
    private int fill(SubmissionQueue sq) {
        int n = 0;
        ProvidedBuffers pb = provided;
        if (pb != null) {
            pb.replenish();
        }
        if (!wakeArmed) {
            Sqe sqe = sq.next();
            if (sqe != null) {
                sqe.prepRw(Opcode.READ, eventFd, wakeBuffer.address(), 8, 0).userData(UserData.WAKE);
                wakeArmed = true;
                n++;
            }
        }
        for (Operation op = queue.drain(); op != null; ) {
            Operation next = HandOffQueue.unlink(op);
            backlog.add(op);
            op = next;
        }
        while (!backlog.isEmpty() && !slots.isFull()) {
            Operation op = backlog.peek();
            if (op.state() == Operation.QUEUED) {
                if (sq.space() < RingWork.sqesFor(op)) {
                    break; // SQ full: submit, then continue
                }
                n += RingWork.write(sq, slots, linkTimespecs, op, wrote);
                if (wrote[0]) {
                    submitted = submitted + 1;
                }
            }
            backlog.poll(); // abandoned ones are simply dropped: the kernel never saw them
        }
        return n;
    }

    private final boolean[] wrote = new boolean[1]; // ring thread only: RingWork.write's second result

    private void reap() {
        ring.cq().reap(onCqe);
    }

    private void onCqe(long userData, int res, int flags) {
        if (UserData.internal(userData)) {
            if (userData == UserData.WAKE) {
                wakeArmed = false;
            }
            return;
        }
        Operation op = slots.lookup(userData);
        if (op == null) {
            stale = stale + 1;
            return;
        }
        if (RingWork.intermediate(op, flags)) {
            op.onIntermediate(res, flags);
            return;
        }
        completed = completed + 1; // before the waiter can see its result
        RingWork.complete(slots, op, res, flags, closing && res == -Errno.ECANCELED ? closedException() : null);
    }

    private void shutdown(Throwable failure) {
        PollerClosedException why = closedException();
        for (Operation op = queue.close(); op != null; ) {
            Operation next = HandOffQueue.unlink(op);
            backlog.add(op);
            op = next;
        }
        for (Operation op : backlog) {
            op.fail(why); // never submitted: nothing of theirs is in the kernel
        }
        backlog.clear();
        boolean drained = false;
        try {
            if (slots.inFlight() > 0 || wakeArmed) {
                SubmissionQueue sq = ring.sq();
                Sqe sqe = sq.next();
                if (sqe == null) {
                    ring.enter(0, 0);
                    sqe = sq.next();
                }
                sqe.opcode(Opcode.ASYNC_CANCEL).fd(-1)
                        .opFlags(CancelFlags.ANY | CancelFlags.ALL).userData(UserData.CANCEL);
                long deadline = System.nanoTime() + CLOSE_DRAIN_NANOS;
                while ((slots.inFlight() > 0 || wakeArmed) && System.nanoTime() - deadline < 0) {
                    ring.enter(1, 100_000_000L);
                    enters = enters + 1;
                    reap();
                }
            }
            drained = slots.inFlight() == 0 && !wakeArmed;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "loom-uring: could not drain ring " + thread.getName(), t);
        }
        if (!drained) {
            // Still in the kernel after the drain: their waiters get the failure, their buffers are
            // never released (a leak, not a reuse the kernel could write into).
            slots.forEach(op -> op.fail(why));
            LOG.log(System.Logger.Level.WARNING, "loom-uring: " + slots.inFlight()
                    + " operations still in the kernel when ring " + thread.getName() + " closed");
        }
        wake.terminate();
        while (!wake.quiescent()) {
            Thread.onSpinWait();
        }
        try (Arena a = Arena.ofConfined()) {
            ring.close();
            LibC.close(new CallState(a), eventFd);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "loom-uring: closing ring " + thread.getName() + " failed", t);
        }
        if (drained) {
            arena.close();
        }
    }

    // ------------------------------------------------------------------ control

    /**
     * Closes the poller: queued operations fail with {@link PollerClosedException}, in-flight ones
     * are cancelled and their waiters woken once the kernel has returned their buffers; then the
     * ring thread ends and the ring's memory and fds are released. Returns when that is done.
     * Closing twice is harmless.
     */
    @Override
    public void close() {
        closing = true;
        signal(); // the ring thread may be asleep: wake it to see `closing`
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether {@link #close} was called or the ring thread failed. */
    public boolean isClosed() {
        return closing;
    }

    /** Whether the ring thread has announced a sleep that no producer has claimed yet; for tests. */
    boolean sleeping() {
        return wake.state() == WakeState.SLEEPING;
    }

    /** Sleeps announced by the wake protocol so far (see the field); for the protocol's tests. */
    long announcedSleeps() {
        return announcedSleeps;
    }

    /** A snapshot of the counters. */
    public PollerStats stats() {
        long c = completed;
        long s = submitted;
        return new PollerStats(s, c, enters, wakeups.sum(), sleeps, batches, largestBatch,
                Math.max(0, s - c), cqOverflows, ring.cq().overflow(), stale);
    }

    /**
     * The ring's provided buffers (group 0) for receives with {@code IOSQE_BUFFER_SELECT}, or null
     * when the kernel has no provided buffer rings (before 5.19).
     */
    @Override
    public ProvidedBuffers providedBuffers() {
        return provided;
    }

    /** Whether the kernel supports {@code opcode} (see {@link io.loomuring.poller.kernel.Opcode}). */
    public boolean supports(int opcode) {
        return ring.supports(opcode);
    }

    /** The setup flags the kernel granted ({@link io.loomuring.poller.kernel.SetupFlags}). */
    public int setupFlags() {
        return ring.setupFlags();
    }

    /** The {@code IORING_FEAT_*} bits the kernel reported. */
    public int features() {
        return ring.features();
    }

    /** Flag combinations refused before the granted one, each with its errno. */
    public List<String> refusedFlags() {
        return ring.refusedFlags();
    }

    public int sqEntries() {
        return ring.sqEntries();
    }

    public int cqEntries() {
        return ring.cqEntries();
    }

    /** The most operations this poller keeps in flight at once. */
    public int maxInFlight() {
        return slots.capacity();
    }

    /** Whether {@code io_uring_enter} uses a registered ring fd. */
    public boolean ringFdRegistered() {
        return ring.ringFdRegistered();
    }

    /** The ring thread (for diagnostics and tests). */
    public Thread thread() {
        return thread;
    }

    @Override
    public String toString() {
        return "Poller[" + thread.getName() + ", " + ring + "]";
    }
}

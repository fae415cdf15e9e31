package io.loomuring.poller;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;

import io.loomuring.poller.kernel.CancelFlags;
import io.loomuring.poller.kernel.CqeLayout;
import io.loomuring.poller.kernel.EnterFlags;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SetupFlags;
import io.loomuring.poller.kernel.SqeLayout;
import io.loomuring.poller.ring.CompletionQueue;
import io.loomuring.poller.ring.IoUringUnavailableException;
import io.loomuring.poller.ring.Ring;
import io.loomuring.poller.ring.RingOptions;
import io.loomuring.poller.ring.Sqe;
import io.loomuring.poller.ring.SubmissionQueue;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.LibC;
import io.loomuring.poller.sys.Syscalls;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One io_uring ring and everything its owner needs to drive it: the ring, the slot table of
 * operations in flight (each {@code user_data} a slot and a generation), the backlog of operations
 * waiting for room, one timespec per SQE for linked timeouts, the wake eventfd and its armed read,
 * the provided buffers, and the counters. The shared ring thread ({@link Poller}) and each carrier
 * of a carrier-ring scheduler drive one of these with their own loop; this class holds what those
 * loops have in common: {@link #submit}, {@link #fillBacklog}, {@link #submitAndReap},
 * the dispatch of each CQE, and {@link #drainAndClose}.
 *
 * <h2>Pressure</h2>
 * In-flight operations are bounded by the slot table: by the CQ size (less a reserve for the
 * owner's own SQEs) on kernels that could drop completions, by {@value #MAX_IN_FLIGHT} where the
 * kernel keeps surplus completions in its overflow list ({@code IORING_FEAT_NODROP}), so that
 * 10,000 idle connections can each have a read in flight. Operations beyond the bound wait in the
 * backlog. A full SQ is submitted and refilled, never dropped. A CQ overflow flagged by the kernel
 * is flushed and counted.
 *
 * <h2>Close</h2>
 * {@link #drainAndClose} fails the backlog with {@link PollerClosedException}, cancels what is in
 * flight ({@code IORING_ASYNC_CANCEL_ANY | ALL}), waits for those CQEs (the kernel owns their
 * memory until then), then closes the ring and the eventfd; memory the kernel may still own is
 * never freed.
 *
 * <p>Threads: the owner only, except {@link #signal}, {@link #wake()}, {@link #stats} and
 * {@link #providedBuffers}, which any thread may call. The owner is one thread at a time: the
 * thread that {@link #open opened} it when the ring has {@code SINGLE_ISSUER} (the shared ring
 * thread, a carrier), else whoever the driver's lock admits (a selector's ring, whose options then
 * leave the ring fd unregistered: a registered fd is the registering thread's alone).
 */
public final class RingOwner {
    private static final System.Logger LOG = System.getLogger("io.loomuring.poller");
    /** Slots kept back from the CQ size for the owner's own SQEs (wake read, cancels). */
    private static final int CQ_RESERVE = 8;
    /** The most operations in flight on one ring when the kernel never drops completions. */
    private static final int MAX_IN_FLIGHT = 1 << 20;
    /**
     * Provided buffers per ring (a power of two) and their size. A ring runs out when more receives
     * complete at once than it has buffers (1,000 connections on two carriers: one receive in ten
     * found none with 256); a machine has about 1.25 rings per CPU, so fewer CPUs get more: 1,024
     * (16 MiB of address space a ring, touched as traffic needs it) up to 4 CPUs, 512 up to 8,
     * else 256. {@code -Dloomuring.ring.providedBuffers=N} sets it (the power of two at or below
     * N, from 1 to 32,768).
     */
    private static final int PROVIDED_COUNT = Integer.highestOneBit(Math.clamp(
            Integer.getInteger("loomuring.ring.providedBuffers", providedForCpus(Runtime.getRuntime().availableProcessors())),
            1, 32768));
    private static final int PROVIDED_SIZE = 16 * 1024;

    private static int providedForCpus(int cpus) {
        return cpus <= 4 ? 1024 : cpus <= 8 ? 512 : 256;
    }
    /** Slots of the fixed-file table a ring registers for its first chain that opens a file. */
    private static final int FILE_SLOTS = Integer.getInteger("loomuring.ring.fileSlots", 256);
    /** How long a close waits for in-flight operations to give their memory back. */
    private static final long CLOSE_DRAIN_NANOS = 10_000_000_000L;

    private final String name;
    private final IoRing front;                 // what an operation records as its ring: the loop's IoRing
    private final Ring ring;
    private final SlotTable slots;
    private final ArrayDeque<Operation> backlog = new ArrayDeque<>();
    private final Arena arena = Arena.ofShared(); // wake buffer, timespecs, provided buffers; freed after a drain
    private final MemorySegment linkTimespecs;    // one timespec per SQE index
    private final MemorySegment wakeBuffer;       // the armed eventfd read's target
    private final int eventFd;
    private final WakeState wake = new WakeState();
    private final ProvidedBuffers provided;       // null when the kernel has no provided buffer rings
    private final CompletionQueue.Handler onCqe = this::onCqe;
    private FileSlots fileSlots;                  // registered at the first chain that needs one
    private boolean fileSlotsRefused;             // the kernel refused the table
    private boolean wakeArmed;                    // the eventfd read is in the ring
    private boolean woke;                         // the eventfd read completed since takeWake()
    private int prepared;                         // SQEs written since the last enter
    private boolean cancelPrepared;               // a cancel is among them: submit it soon
    private volatile boolean closing;
    private volatile Throwable failure;           // why the owner's loop failed, if it did

    // Counters: written by the owner only (single writer), read by anyone.
    private volatile long submitted, completed, enters, sleeps, batches, largestBatch, cqOverflows, stale, chains, noBuffers;
    private final LongAdder wakeups = new LongAdder(); // written by signalling threads
    /**
     * Sleeps announced, including those the re-check called off because work had arrived: a
     * signaller may already have claimed such a sleep (its signal then ends the next wait early),
     * so wake-ups are bounded by this count, not by {@link #sleeps}. Owner only.
     */
    private volatile long announcedSleeps;

    private RingOwner(String name, IoRing front, Ring ring, int eventFd, boolean withProvided, CallState st) {
        this.name = name;
        this.front = front;
        this.ring = ring;
        this.eventFd = eventFd;
        int bound = Math.max(1, ring.cqEntries() - CQ_RESERVE);
        boolean nodrop = (ring.features() & SetupFlags.FEAT_NODROP) != 0;
        this.slots = new SlotTable(bound, nodrop ? MAX_IN_FLIGHT : bound);
        // The kernel copies a LINK_TIMEOUT's timespec while submitting, so one per SQE index is
        // enough: an index is not reused before the SQE holding it has been submitted.
        this.linkTimespecs = arena.allocate(16L * ring.sqEntries(), 8);
        this.wakeBuffer = arena.allocate(8, 8);
        this.provided = withProvided ? ProvidedBuffers.register(ring, arena, st, PROVIDED_COUNT, PROVIDED_SIZE, 0) : null;
    }

    /**
     * Sets up a ring with {@code options} owned by the calling thread: created, enabled here (its
     * single issuer when {@code SINGLE_ISSUER} was granted), its fd registered when the options say, an
     * eventfd made and
     * — when {@code providedBuffers} — a provided-buffer ring registered. {@code front} is the
     * {@link IoRing} operations submitted here record as theirs (their cancels go to it).
     *
     * @throws IoUringUnavailableException the kernel refused; the message says why
     */
    public static RingOwner open(String name, RingOptions options, boolean providedBuffers, IoRing front)
            throws IoUringUnavailableException {
        Ring ring = Ring.open(options);
        int efd = -1;
        try (Arena a = Arena.ofConfined()) {
            ring.enable(options.registerRingFd());
            CallState st = new CallState(a);
            efd = Syscalls.eventfd(st, 0, Syscalls.EFD_CLOEXEC);
            if (efd < 0) {
                throw new IoUringUnavailableException("eventfd failed: " + Errno.name(efd), -efd, null);
            }
            return new RingOwner(name, front, ring, efd, providedBuffers, st);
        } catch (IoUringUnavailableException | RuntimeException | Error e) {
            ring.close();
            if (efd >= 0) {
                try (Arena a = Arena.ofConfined()) {
                    LibC.close(new CallState(a), efd);
                }
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ submission (owner only)

    /**
     * Submits {@code op} (NEW → QUEUED): its SQEs are written now when the slot table and the SQ
     * have room, else it waits in the backlog. {@code waiter} is the thread its completion
     * unparks (null: none).
     *
     * @throws PollerClosedException the ring is closing; {@code op} was abandoned
     */
    public void submit(Operation op, Thread waiter) throws PollerClosedException {
        queueFromElsewhere(op, waiter);
        if (!backlog.isEmpty() || slots.isFull() || !write(op)) {
            backlog.add(op);
        }
    }

    /**
     * Marks {@code op} queued for this ring by a thread that is not its owner; the owner then takes
     * it with {@link #enqueue}. Any thread.
     *
     * @throws PollerClosedException the ring is closing; {@code op} was abandoned
     */
    public void queueFromElsewhere(Operation op, Thread waiter) throws PollerClosedException {
        op.submittedBy(waiter, front);
        op.transition(Operation.NEW, Operation.QUEUED);
        if (closing) {
            op.transition(Operation.QUEUED, Operation.ABANDONED);
            throw closedException();
        }
    }

    /** Takes an operation another thread queued (QUEUED already); it is written in its turn. */
    public void enqueue(Operation op) {
        backlog.add(op);
    }

    /** Writes backlogged operations while there is room; abandoned ones are dropped. Returns SQEs prepared so far. */
    public int fillBacklog() {
        while (!backlog.isEmpty() && !slots.isFull()) {
            Operation op = backlog.peek();
            if (op.state() == Operation.QUEUED && !write(op)) {
                break;
            }
            backlog.poll(); // an abandoned one is simply dropped: the kernel never saw it
        }
        return prepared;
    }

    /** Whether operations wait in the backlog. */
    public boolean hasBacklog() {
        return !backlog.isEmpty();
    }

    /** Whether the slot table is full (a backlogged operation waits for a completion). */
    public boolean full() {
        return slots.isFull();
    }

    /** SQEs written since the last enter. */
    public int prepared() {
        return prepared;
    }

    /**
     * Whether a cancel was prepared since the last enter: of one operation, or of every operation
     * on a descriptor being closed. A cancel does not wait for the owner's batch: until the kernel
     * sees it, the cancelled request goes on (a multishot accept takes connections its bound no
     * longer wants; a close waits for its descriptor's operations to end). Owner only.
     */
    public boolean cancelPrepared() {
        return cancelPrepared;
    }

    /** Operations in the kernel now. */
    public int inFlight() {
        return slots.inFlight();
    }

    /**
     * Writes one QUEUED operation's SQEs (QUEUED → SUBMITTED, a slot and its {@code user_data}, a
     * linked timeout with its timespec, or a chain's SQEs and its fixed-file slot), submitting once
     * first if the SQ is full; false when it still has no room. An operation abandoned meanwhile
     * becomes a NOP; one whose {@code prepare} throws fails, and so does a chain that finds no free
     * fixed-file slot ({@link UnsupportedOperationException}).
     */
    private boolean write(Operation op) {
        SubmissionQueue sq = ring.sq();
        int steps = op.steps();
        int need = steps + (op.linkTimeoutNanos() > 0 ? 1 : 0);
        if (sq.space() < need) {
            submitOnly();
            if (sq.space() < need) {
                return false;
            }
        }
        if (steps > 1) {
            return writeChain(op, steps);
        }
        Sqe sqe = sq.next();
        prepared++;
        if (!op.transition(Operation.QUEUED, Operation.SUBMITTED)) {
            sqe.clear().userData(UserData.DISCARDED); // abandoned meanwhile: a harmless NOP
            return true;
        }
        long ud = slots.acquire(op);
        op.userData = ud;
        try {
            op.prepare(sqe);
            sqe.userData(ud);
        } catch (RuntimeException | Error e) {
            sqe.clear().userData(UserData.DISCARDED);
            slots.release(op);
            op.fail(e);
            return true;
        }
        submitted = submitted + 1;
        if (need == 2) {
            sqe.flags(sqe.flags() | SqeLayout.IOSQE_IO_LINK);
            Sqe t = sq.next();
            long ts = 16L * t.index();
            linkTimespecs.set(JAVA_LONG, ts, op.linkTimeoutNanos() / 1_000_000_000L);
            linkTimespecs.set(JAVA_LONG, ts + 8, op.linkTimeoutNanos() % 1_000_000_000L);
            t.prepRw(Opcode.LINK_TIMEOUT, -1, linkTimespecs.address() + ts, 1, 0).userData(UserData.LINK_TIMEOUT);
            prepared++;
        }
        return true;
    }

    /** {@link #write} of a chain: its SQEs one after another, each {@code user_data} naming its step. */
    private boolean writeChain(Operation op, int steps) {
        if (steps > UserData.MAX_STEPS || op.linkTimeoutNanos() > 0) {
            throw new IllegalArgumentException("a chain has at most " + UserData.MAX_STEPS + " SQEs and no linked timeout: " + op);
        }
        int fileSlot = -1;
        if (op.needsFileSlot()) {
            FileSlots fs = fileSlots();
            fileSlot = fs == null ? -1 : fs.take();
            if (fileSlot < 0) {
                // No table (an older kernel), or every slot lent to chains that have not ended (a
                // FIFO's open waits for a writer): the chain fails at once, never seen by the kernel,
                // and its caller takes another path. Waiting in the backlog would hold up every
                // operation queued behind it.
                op.fail(new UnsupportedOperationException(fs == null ? "ring " + name + " has no fixed-file table"
                        : "every fixed-file slot of ring " + name + " is lent"));
                return true;
            }
        }
        if (!op.transition(Operation.QUEUED, Operation.SUBMITTED)) {
            if (fileSlot >= 0) {
                fileSlots.give(fileSlot);
            }
            return true; // abandoned meanwhile: nothing written
        }
        long ud = slots.acquire(op);
        op.userData = ud;
        op.fileSlot = fileSlot;
        op.stepsLeft = steps;
        SubmissionQueue sq = ring.sq();
        int written = 0;
        try {
            for (int i = 0; i < steps; i++) {
                Sqe sqe = sq.next();
                written++;
                op.prepareStep(i, sqe, fileSlot);
                sqe.userData(UserData.withStep(ud, i));
            }
        } catch (RuntimeException | Error e) {
            sq.unwrite(written); // nothing of it reaches the kernel
            slots.release(op);
            releaseFileSlot(op);
            op.fail(e);
            return true;
        }
        prepared += steps;
        submitted = submitted + 1;
        chains = chains + 1;
        return true;
    }

    /** The fixed-file table, registered at its first use; null when the kernel refuses one. */
    private FileSlots fileSlots() {
        if (fileSlots == null && !fileSlotsRefused) {
            fileSlots = FileSlots.register(ring, FILE_SLOTS);
            fileSlotsRefused = fileSlots == null;
        }
        return fileSlots;
    }

    private void releaseFileSlot(Operation op) {
        if (op.fileSlot >= 0) {
            fileSlots.give(op.fileSlot);
            op.fileSlot = -1;
        }
    }

    /** Cancels the submitted {@code op} by its {@code user_data} (a detached request); owner only. */
    public void cancel(Operation op) {
        if (op.state() == Operation.SUBMITTED && !closing) {
            detach(CancelOp.of(op));
        }
    }

    /** Cancels every operation on {@code fd} in this ring ({@code IORING_ASYNC_CANCEL_FD | ALL}); owner only. */
    public void cancelAll(int fd) {
        if (!closing) {
            detach(CancelOp.byFd(fd));
        }
    }

    private void detach(Operation op) {
        cancelPrepared = true;
        try {
            submit(op, null);
        } catch (PollerClosedException e) {
            // closing: the drain cancels everything anyway
        }
    }

    /** Arms the eventfd read that ends a sleep when another thread {@link #signal signals}; owner only. */
    public void armWake() {
        if (!wakeArmed) {
            Sqe sqe = ring.sq().next();
            if (sqe == null) {
                submitOnly();
                sqe = ring.sq().next();
            }
            sqe.prepRw(Opcode.READ, eventFd, wakeBuffer.address(), 8, 0).userData(UserData.WAKE);
            wakeArmed = true;
            prepared++;
        }
    }

    /**
     * One {@code io_uring_enter} that only submits what is prepared, to make room in a full SQ; it
     * reaps nothing. It may run inside a CQE handler (one that submits a cancel), that is inside
     * a reap: reaping there would recurse — each handled CQE submitting again — until the stack
     * overflowed (a flood of accepts, each cancelling the multishot accept). Owner only.
     */
    private void submitOnly() {
        enterCounted(0, 0);
    }

    /** {@code io_uring_enter} with what is prepared, counted (enters, batches); its result. Owner only. */
    private int enterCounted(int minComplete, long timeoutNanos) {
        int batch = prepared;
        prepared = 0;
        int r = ring.enter(minComplete, timeoutNanos);
        enters = enters + 1;
        if (batch > 0) {
            batches = batches + 1;
            if (batch > largestBatch) {
                largestBatch = batch;
            }
        }
        return r;
    }

    /**
     * One {@code io_uring_enter}: submits what is prepared, and waits until {@code minComplete}
     * CQEs are there (at most {@code timeoutNanos}; 0: no limit), then reaps them — flushing the
     * kernel's overflow list when it reports one. Returns the CQEs handled. Owner only.
     */
    public int submitAndReap(int minComplete, long timeoutNanos) {
        ProvidedBuffers pb = provided;
        if (pb != null) {
            pb.replenish();
        }
        cancelPrepared = false;
        int r = enterCounted(minComplete, timeoutNanos);
        int n = reap();
        if (r < 0 || (ring.sq().kernelFlags() & EnterFlags.SQ_CQ_OVERFLOW) != 0) {
            // EBUSY/EAGAIN or the overflow flag: the kernel holds completions that did not fit.
            cqOverflows = cqOverflows + 1;
            ring.enter(0, 0);
            enters = enters + 1;
            n += reap();
        }
        return n;
    }

    /**
     * The take-over of a ring whose owner is held up (a carrier running one long continuation):
     * writes the backlog's SQEs that fit, submits what is prepared with one {@code io_uring_enter}
     * by the plain ring fd — on a ring without {@code SINGLE_ISSUER} — and reaps. Returns the CQEs
     * handled. Whoever owns the ring for the moment (the carrier's claim).
     */
    public int submitAndReapAsGuest() {
        if ((ring.setupFlags() & SetupFlags.SINGLE_ISSUER) == 0) {
            fillBacklog();
            if (prepared > 0) {
                ProvidedBuffers pb = provided;
                if (pb != null) {
                    pb.replenish();
                }
                prepared = 0;
                cancelPrepared = false;
                ring.enterAsGuest();
                enters = enters + 1;
            }
        }
        return reap();
    }

    /** Handles the CQEs that are there; returns how many. Owner only. */
    public int reap() {
        return ring.cq().reap(onCqe);
    }

    /** Whether CQEs are waiting to be reaped (a memory read). */
    public boolean completionsReady() {
        return ring.cq().ready() > 0;
    }

    private void onCqe(long userData, int res, int flags) {
        if (UserData.internal(userData)) {
            if (userData == UserData.WAKE) {
                wakeArmed = false;
                // A read cancelled when the thread that submitted it exited took no count: the
                // next arm reads it.
                woke |= res >= 0;
            }
            return;
        }
        Operation op = slots.lookup(userData);
        if (op == null) {
            stale = stale + 1;
            return;
        }
        if ((flags & CqeLayout.F_MORE) != 0 && op.multishot()) {
            op.onIntermediate(res, flags);
            return;
        }
        if (op.stepsLeft > 0) {
            op.onStep(UserData.step(userData), res);
            if (--op.stepsLeft > 0) {
                return;
            }
            releaseFileSlot(op); // the chain has ended: its last step left the slot empty
        }
        if (res == -Errno.ENOBUFS) {
            noBuffers = noBuffers + 1;
        }
        completed = completed + 1; // before the waiter can see its result
        slots.release(op);
        op.onCompletion(res, flags, closing && res == -Errno.ECANCELED ? closedException() : null);
    }

    // ------------------------------------------------------------------ wake protocol

    /** The word of this ring's wake protocol (see {@link WakeState}); any thread. */
    public WakeState wake() {
        return wake;
    }

    /** Whether the armed eventfd read completed (a signal arrived) since the last call; clears it. Owner only. */
    public boolean takeWake() {
        boolean w = woke;
        woke = false;
        return w;
    }

    /** Owner: about to sleep (counted before the announce: a signaller may claim it at once). */
    public void announceSleep() {
        announcedSleeps = announcedSleeps + 1;
        wake.announceSleep();
    }

    /** Owner: a sleep was taken (counted). */
    public void slept() {
        sleeps = sleeps + 1;
    }

    /**
     * Wakes the owner if it announced a sleep and nobody has claimed that wake-up yet (a write of
     * the eventfd); true when this call sent the signal. Any thread.
     */
    public boolean signalIfSleeping() {
        if (wake.mustSignal()) {
            signal();
            return true;
        }
        return false;
    }

    /**
     * Writes the eventfd (ending the owner's current or next wait) unless the owner has terminated:
     * the fd is closed only once no signaller is inside (see {@link WakeState}), so a signal never
     * lands on a reused fd number. Any thread.
     */
    public void signal() {
        wakeups.increment();
        if (wake.beginSignal()) {
            try {
                Syscalls.eventfdWrite(eventFd, 1);
            } finally {
                wake.endSignal();
            }
        }
    }

    /** Sleeps announced so far (see the field); for the protocol's tests. */
    long announcedSleeps() {
        return announcedSleeps;
    }

    // ------------------------------------------------------------------ close

    /** Marks the ring closing: new submissions are refused from now on. Any thread. */
    public void closing() {
        closing = true;
    }

    /** Whether the ring is closing or closed. */
    public boolean isClosing() {
        return closing;
    }

    /** Records why the owner's loop failed: later submissions fail with it as their cause. */
    public void failed(Throwable cause) {
        failure = cause;
        closing = true;
    }

    /** The exception for work this ring can no longer take. */
    public PollerClosedException closedException() {
        Throwable cause = failure;
        return new PollerClosedException(cause == null ? "ring " + name + " closed"
                : "ring " + name + "'s thread failed: " + cause, cause);
    }

    /**
     * Closes the ring (owner only, once): the backlog fails, operations in flight are cancelled
     * and their CQEs awaited (for at most {@value #CLOSE_DRAIN_NANOS} ns; whatever the kernel still
     * owns then keeps its memory: a leak, never a reuse), the wake protocol terminates, and the ring
     * and eventfd are closed.
     */
    public void drainAndClose() {
        closing = true;
        PollerClosedException why = closedException();
        for (Operation op : backlog) {
            op.fail(why); // never submitted: nothing of theirs is in the kernel
        }
        backlog.clear();
        boolean drained = false;
        try {
            if (slots.inFlight() > 0 || wakeArmed) {
                Sqe sqe = ring.sq().next();
                if (sqe == null) {
                    ring.enter(0, 0);
                    sqe = ring.sq().next();
                }
                sqe.opcode(Opcode.ASYNC_CANCEL).fd(-1).opFlags(CancelFlags.ANY | CancelFlags.ALL).userData(UserData.CANCEL);
                long deadline = System.nanoTime() + CLOSE_DRAIN_NANOS;
                while ((slots.inFlight() > 0 || wakeArmed) && System.nanoTime() - deadline < 0) {
                    ring.enter(1, 100_000_000L);
                    enters = enters + 1;
                    reap();
                }
            }
            drained = slots.inFlight() == 0 && !wakeArmed;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "loom-uring: could not drain ring " + name, t);
        }
        if (!drained) {
            // Still in the kernel: their waiters get the failure, their memory is never released.
            slots.forEach(op -> op.fail(why));
            LOG.log(System.Logger.Level.WARNING, "loom-uring: " + slots.inFlight()
                    + " operations still in the kernel when ring " + name + " closed");
        }
        wake.terminate();
        while (!wake.quiescent()) {
            Thread.onSpinWait();
        }
        try (Arena a = Arena.ofConfined()) {
            ring.close();
            LibC.close(new CallState(a), eventFd);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "loom-uring: closing ring " + name + " failed", t);
        }
        if (drained) {
            arena.close();
        }
    }

    // ------------------------------------------------------------------ what the ring is

    /** A snapshot of the counters; any thread. */
    public RingStats stats() {
        long c = completed;
        long s = submitted;
        return new RingStats(s, c, enters, wakeups.sum(), sleeps, batches, largestBatch, Math.max(0, s - c),
                cqOverflows, ring.cq().overflow(), stale, chains, noBuffers);
    }

    /** The ring's provided buffers (group 0), or null; any thread. */
    public ProvidedBuffers providedBuffers() {
        return provided;
    }

    /** The ring itself: what the kernel granted ({@link Ring#setupFlags()}, {@link Ring#supports}, ...). */
    public Ring ring() {
        return ring;
    }

    /** The most operations kept in flight at once. */
    public int maxInFlight() {
        return slots.capacity();
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "RingOwner[" + name + ", " + ring + "]";
    }
}

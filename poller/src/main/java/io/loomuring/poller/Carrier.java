package io.loomuring.poller;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.loomuring.poller.kernel.CancelFlags;
import io.loomuring.poller.kernel.EnterFlags;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Ring;
import io.loomuring.poller.ring.RingOptions;
import io.loomuring.poller.ring.Sqe;
import io.loomuring.poller.ring.SubmissionQueue;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.LibC;
import io.loomuring.poller.sys.Syscalls;

/**
 * One carrier of a {@link CarrierScheduler}: a platform thread that runs virtual threads'
 * continuations and owns an io_uring ring ({@code SINGLE_ISSUER | DEFER_TASKRUN}, enabled from this
 * thread). A virtual thread mounted here writes its SQE straight into this ring
 * ({@link #submit}) and parks; between continuations the carrier submits what was prepared and
 * reaps, and each completion makes its virtual thread runnable here — no hand-off, no wake-up.
 *
 * <h2>Loop</h2>
 * Run a continuation from the own queue, else one stolen from another carrier; after it, submit
 * and reap when {@value #BATCH} SQEs are prepared or every {@value #EVERY} continuations while
 * operations are in flight (with {@code DEFER_TASKRUN} completions are posted only when this
 * thread enters). With nothing to run: submit, reap, announce sleep, re-check every queue, and
 * wait in one {@code io_uring_enter(min_complete=1)}; an eventfd read armed in the ring ends the
 * wait when another thread pushes work (the announce / re-check / signal protocol of
 * {@link WakeState}).
 *
 * <p>Threads: the ring and everything in the "carrier only" group below are touched only by this
 * carrier's OS thread — the loop, or a virtual thread mounted on it ({@link #onThisCarrier()});
 * {@link #execute}, {@link #post}, {@link #cancel}, {@link #cancelAll} from any thread.
 */
final class Carrier implements IoRing {
    private static final System.Logger LOG = System.getLogger("io.loomuring.poller");
    /** Prepared SQEs that make the carrier submit at once, between two continuations. */
    static final int BATCH = 32;
    /**
     * Continuations run between two enters while operations are in flight
     * ({@code -Dloomuring.carrier.enterEvery}, default 32): a completion waits for at most this
     * many continuations. With 16, a NOP storm made 0.063 enters per operation (1/16); with 32, 0.033.
     */
    static final int EVERY = Math.max(1, Integer.getInteger("loomuring.carrier.enterEvery", 32));
    /**
     * {@code -Dloomuring.inject.carrierRefused=N}: carrier N's ring setup fails with EMFILE, as if
     * the process were out of descriptors — how tests exercise a scheduler that cannot start all
     * its carriers.
     */
    private static final int INJECT_REFUSED_INDEX = Integer.getInteger("loomuring.inject.carrierRefused", -1);
    private static final int PROVIDED_COUNT = 256;
    private static final int PROVIDED_SIZE = 16 * 1024;
    private static final long CLOSE_DRAIN_NANOS = 10_000_000_000L;

    final CarrierScheduler scheduler;
    final int index;
    final CarrierThread thread;
    /** Continuations: pushed by anyone, popped here, stolen by idle carriers. */
    final ConcurrentLinkedQueue<Runnable> runQueue = new ConcurrentLinkedQueue<>();
    final AtomicInteger queued = new AtomicInteger();         // runQueue's size, near enough
    /** Work only this carrier may do (cancels for its ring), posted from other threads. */
    private final ConcurrentLinkedQueue<Runnable> ringTasks = new ConcurrentLinkedQueue<>();
    final WakeState wake = new WakeState();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final RingOptions ringOptions;
    private volatile boolean closing;

    // carrier only
    private Ring ring;
    private SlotTable slots;
    private final ArrayDeque<Operation> backlog = new ArrayDeque<>();
    private MemorySegment linkTimespecs;
    private MemorySegment wakeBuffer;
    private final Arena arena = Arena.ofShared();
    private int eventFd = -1;
    private boolean wakeArmed;
    private int prepared;                   // SQEs written since the last enter
    private int sinceEnter;                 // continuations run since the last enter
    private final boolean[] wrote = new boolean[1];
    private volatile ProvidedBuffers provided;

    // what the monitor reads
    volatile long taskStart;                // nanoTime when the current continuation began; 0 between
    volatile Thread parkedHere;             // a virtual thread parking with an operation in this ring
    volatile long parkedSince;

    // counters: single writer (this carrier) unless a LongAdder
    private volatile long ran, local, stolen, enters, sleeps, submitted, completed, largestBatch, stale;
    private volatile long pumps;            // reaps by a waiter on this carrier's thread (a pinned park)
    final LongAdder injected = new LongAdder();  // pushes from threads that are not this carrier
    final LongAdder wakeups = new LongAdder();   // signals sent to this carrier

    Carrier(CarrierScheduler scheduler, int index, RingOptions ringOptions) {
        this.scheduler = scheduler;
        this.index = index;
        this.ringOptions = ringOptions;
        this.thread = new CarrierThread(this, scheduler.name() + "-" + index);
    }

    /** Starts the thread and waits until its ring is enabled. */
    void start() throws IoUringUnavailableException {
        thread.start();
        try {
            started.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IoUringUnavailableException u
                    ? new IoUringUnavailableException("carrier " + thread.getName() + ": " + u.getMessage(), u.errno(), u)
                    : new IoUringUnavailableException("carrier " + thread.getName() + " could not set up its ring: " + c, 0, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IoUringUnavailableException("interrupted while starting carrier " + thread.getName(), 0, e);
        }
    }

    /** Whether the calling thread runs on this carrier's OS thread (the loop, or a virtual thread mounted on it). */
    boolean onThisCarrier() {
        Thread t = Thread.currentThread();
        return t == thread || (t.isVirtual() && CarrierDoor.currentCarrier() == thread);
    }

    // ------------------------------------------------------------------ scheduling

    /** Pushes a continuation here; signals this carrier if it sleeps. */
    void execute(Runnable task, boolean fromHere) {
        runQueue.offer(task);
        int q = queued.incrementAndGet();
        if (!fromHere) {
            injected.increment();
            if (wake.mustSignal()) {
                signal();
            }
        } else if (q > 1) {
            scheduler.wakeIdle(this); // work waits here: a sleeping carrier may take it
        }
    }

    /** Runs {@code task} on this carrier's own thread (cancels for its ring); any thread. */
    void post(Runnable task) {
        ringTasks.offer(task);
        if (onThisCarrier()) {
            return; // the loop drains it before its next enter
        }
        if (wake.mustSignal()) {
            signal();
        }
    }

    /** Wakes this carrier if it sleeps; true when a signal was sent. */
    boolean wakeIfSleeping() {
        if (wake.mustSignal()) {
            signal();
            return true;
        }
        return false;
    }

    private void signal() {
        wakeups.increment();
        if (wake.beginSignal()) {
            try {
                Syscalls.eventfdWrite(eventFd, 1);
            } finally {
                wake.endSignal();
            }
        }
    }

    /** One continuation from this carrier's queue for a carrier with nothing to do, or null. */
    Runnable stealFrom() {
        Runnable r = runQueue.poll();
        if (r != null) {
            queued.decrementAndGet();
        }
        return r;
    }

    // ------------------------------------------------------------------ IoRing

    /** Writes {@code op}'s SQE into this ring; the calling virtual thread must run on this carrier. */
    @Override
    public void submit(Operation op) throws PollerClosedException {
        if (!onThisCarrier()) {
            throw new AssertionError("submit to carrier " + thread.getName() + " from " + Thread.currentThread());
        }
        submitHere(op, Thread.currentThread());
    }

    private void submitHere(Operation op, Thread waiter) throws PollerClosedException {
        op.submittedBy(waiter, this);
        op.transition(Operation.NEW, Operation.QUEUED);
        if (closing) {
            op.transition(Operation.QUEUED, Operation.ABANDONED);
            throw new PollerClosedException("carrier " + thread.getName() + " closed", null);
        }
        if (!backlog.isEmpty() || slots.isFull() || !writeOne(op)) {
            backlog.add(op);
        }
    }

    /** Writes one QUEUED operation's SQEs if the SQ has room (after submitting once); false if not. */
    private boolean writeOne(Operation op) {
        SubmissionQueue sq = ring.sq();
        if (sq.space() < RingWork.sqesFor(op)) {
            enter(0);
            if (sq.space() < RingWork.sqesFor(op)) {
                return false;
            }
        }
        prepared += RingWork.write(sq, slots, linkTimespecs, op, wrote);
        if (wrote[0]) {
            submitted = submitted + 1;
        }
        return true;
    }

    @Override
    public boolean cancel(Operation op) {
        if (op.transition(Operation.QUEUED, Operation.ABANDONED)) {
            return true; // still in the backlog: the kernel never sees it
        }
        if (op.state() == Operation.SUBMITTED) {
            Runnable c = () -> {
                if (op.state() == Operation.SUBMITTED && !closing) {
                    detach(CancelOp.of(op));
                }
            };
            if (onThisCarrier()) {
                c.run();
            } else {
                post(c);
            }
        }
        return false;
    }

    @Override
    public void cancelAll(int fd) {
        Runnable c = () -> {
            if (!closing) {
                detach(CancelOp.byFd(fd));
            }
        };
        if (onThisCarrier()) {
            c.run();
        } else {
            post(c);
        }
    }

    /** Writes {@code op}'s SQE with no waiter (a multishot request); the caller must run on this carrier. */
    @Override
    public void submitDetached(Operation op) throws PollerClosedException {
        if (!onThisCarrier()) {
            throw new AssertionError("submit to carrier " + thread.getName() + " from " + Thread.currentThread());
        }
        submitHere(op, null);
    }

    /** The carrier's own requests (cancels); closing: shutdown cancels everything anyway. Carrier only. */
    private void detach(Operation op) {
        try {
            submitHere(op, null);
        } catch (PollerClosedException e) {
            // closing
        }
    }

    @Override
    public ProvidedBuffers providedBuffers() {
        return provided;
    }

    /**
     * Before a waiter parks for an operation in this ring: if the park pins (a native frame, a class
     * initializer), the monitor finds it here and wakes it to {@link #waiterWoke pump} the ring.
     */
    @Override
    public void beforePark() {
        if (onThisCarrier()) { // a waiter now on another carrier cannot pin this one
            parkedSince = System.nanoTime();
            parkedHere = Thread.currentThread();
        }
    }

    /** The waiter woke with its operation not done: on this carrier's thread, reap (it may be pinned here). */
    @Override
    public void waiterWoke(Operation op) {
        if ((op == null || !op.isDone()) && onThisCarrier()) {
            pumps = pumps + 1;
            drainRingTasks();
            fillBacklog();
            enter(0);
        }
    }

    // ------------------------------------------------------------------ loop

    void run() {
        try {
            if (index == INJECT_REFUSED_INDEX) {
                throw IoUringUnavailableException.forSetupErrno(Errno.EMFILE);
            }
            ring = Ring.open(ringOptions);
            ring.enable(true);
            slots = new SlotTable(Math.max(1, ring.cqEntries() - 8), 1 << 20);
            linkTimespecs = arena.allocate(16L * ring.sqEntries(), 8);
            wakeBuffer = arena.allocate(8, 8);
            try (Arena a = Arena.ofConfined()) {
                CallState st = new CallState(a);
                eventFd = Syscalls.eventfd(st, 0, Syscalls.EFD_CLOEXEC);
                if (eventFd < 0) {
                    throw new IoUringUnavailableException("eventfd failed: " + Errno.name(eventFd), -eventFd, null);
                }
                provided = ProvidedBuffers.register(ring, arena, st, PROVIDED_COUNT, PROVIDED_SIZE, 0);
            }
            started.complete(null);
        } catch (Throwable t) {
            started.completeExceptionally(t);
            if (ring != null) {
                ring.close();
            }
            return;
        }
        try {
            loop();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "loom-uring carrier " + thread.getName() + " failed", t);
        } finally {
            closing = true;
            shutdown();
        }
    }

    private void loop() {
        while (!closing) {
            Runnable task = runQueue.poll();
            if (task != null) {
                queued.decrementAndGet();
                local = local + 1;
            } else {
                task = scheduler.steal(this);
                if (task != null) {
                    stolen = stolen + 1;
                }
            }
            if (task != null) {
                runTask(task);
                if (prepared >= BATCH || (++sinceEnter >= EVERY && (prepared > 0 || slots.inFlight() > 0))) {
                    drainRingTasks();
                    fillBacklog();
                    enter(0);
                }
                continue;
            }
            drainRingTasks();
            fillBacklog();
            // Wake protocol, carrier half: announce, re-check, then sleep. The sleep is the same
            // io_uring_enter that submits what is prepared, and it returns at once when a
            // completion is already there: one enter, not a flush and then a wait.
            wake.announceSleep();
            if (runQueue.isEmpty() && ringTasks.isEmpty() && !scheduler.anyQueued() && !closing) {
                armWake();
                sleeps = sleeps + 1;
                enter(1);
            } else if (prepared > 0) {
                enter(0);
            }
            wake.running();
        }
    }

    private void runTask(Runnable task) {
        taskStart = System.nanoTime();
        try {
            task.run();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "loom-uring carrier " + thread.getName() + ": a task threw", t);
        } finally {
            taskStart = 0;
            parkedHere = null;
            ran = ran + 1;
        }
    }

    private void drainRingTasks() {
        for (Runnable r; (r = ringTasks.poll()) != null; ) {
            r.run();
        }
    }

    private void fillBacklog() {
        while (!backlog.isEmpty() && !slots.isFull()) {
            Operation op = backlog.peek();
            if (op.state() == Operation.QUEUED && !writeOne(op)) {
                return;
            }
            backlog.poll();
        }
    }

    private void armWake() {
        if (!wakeArmed) {
            Sqe sqe = ring.sq().next();
            if (sqe == null) {
                enter(0);
                sqe = ring.sq().next();
            }
            sqe.prepRw(Opcode.READ, eventFd, wakeBuffer.address(), 8, 0).userData(UserData.WAKE);
            wakeArmed = true;
            prepared++;
        }
    }

    /** Submits what is prepared and reaps; waits for {@code minComplete} completions. Carrier only. */
    private void enter(int minComplete) {
        ProvidedBuffers pb = provided;
        if (pb != null) {
            pb.replenish();
        }
        int batch = prepared;
        prepared = 0;
        sinceEnter = 0;
        int r = ring.enter(minComplete, 0);
        enters = enters + 1;
        if (batch > largestBatch) {
            largestBatch = batch;
        }
        ring.cq().reap(this::onCqe);
        if (r < 0 || (ring.sq().kernelFlags() & EnterFlags.SQ_CQ_OVERFLOW) != 0) {
            ring.enter(0, 0); // the kernel holds completions that did not fit: flush them
            enters = enters + 1;
            ring.cq().reap(this::onCqe);
        }
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
        RingWork.complete(slots, op, res, flags, closing && res == -Errno.ECANCELED ? new PollerClosedException("carrier closed", null) : null);
    }

    private void shutdown() {
        PollerClosedException why = new PollerClosedException("carrier " + thread.getName() + " closed", null);
        for (Operation op : backlog) {
            op.fail(why);
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
                    ring.cq().reap(this::onCqe);
                }
            }
            drained = slots.inFlight() == 0 && !wakeArmed;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "loom-uring: could not drain carrier " + thread.getName(), t);
        }
        if (!drained) {
            slots.forEach(op -> op.fail(why)); // still the kernel's: their memory is never released
        }
        wake.terminate();
        while (!wake.quiescent()) {
            Thread.onSpinWait();
        }
        try (Arena a = Arena.ofConfined()) {
            ring.close();
            LibC.close(new CallState(a), eventFd);
        }
        if (drained) {
            arena.close();
        }
    }

    /** Asks the loop to end; {@link CarrierScheduler#close} joins the thread. */
    void close() {
        closing = true;
        if (wake.mustSignal()) {
            signal();
        }
    }

    CarrierStats stats() {
        long s = submitted, c = completed;
        return new CarrierStats(thread.getName(), ran, local, stolen, injected.sum(), s, c, Math.max(0, s - c),
                enters, sleeps, wakeups.sum(), largestBatch, stale, queued.get(), pumps);
    }

    /** A carrier's platform thread: knows its carrier, so a virtual thread finds its ring in O(1). */
    static final class CarrierThread extends Thread {
        final Carrier carrier;

        CarrierThread(Carrier carrier, String name) {
            super(null, null, name, 0, false);
            this.carrier = carrier;
            setDaemon(true);
        }

        @Override
        public void run() {
            carrier.run();
        }
    }
}

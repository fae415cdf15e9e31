package io.loomuring.poller.carrier;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import io.loomuring.poller.IoRing;
import io.loomuring.poller.Operation;
import io.loomuring.poller.PollerClosedException;
import io.loomuring.poller.ProvidedBuffers;
import io.loomuring.poller.RingOwner;
import io.loomuring.poller.WakeState;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.ring.IoUringUnavailableException;
import io.loomuring.poller.ring.RingOptions;

/**
 * One carrier of a {@link CarrierScheduler}: a platform thread that runs virtual threads'
 * continuations and owns a ring ({@link RingOwner}; enabled from this thread, with the setup of
 * {@link CarrierScheduler#ringOptions()}). A virtual thread mounted here writes its SQE straight into this ring
 * ({@link #submit}) and parks; between continuations the carrier submits what was prepared and
 * reaps, and each completion makes its virtual thread runnable here — no hand-off, no wake-up.
 *
 * <h2>Loop</h2>
 * Run a continuation from the own queue, else one stolen from another carrier; after it, submit
 * and reap when {@value #BATCH} SQEs are prepared, a cancel is prepared or posted work waits
 * ({@link #post}), or every {@link #EVERY} continuations while operations are in flight. With
 * nothing to run: announce sleep, re-check every queue, and wait in one
 * {@code io_uring_enter(min_complete=1)} that also submits; the owner's armed eventfd read ends
 * the wait when another thread pushes work (the announce / re-check / signal protocol of
 * {@link io.loomuring.poller.WakeState}).
 *
 * <h2>The claim</h2>
 * The owner is touched only under {@link #claim}: the loop holds it except while a continuation
 * runs; a virtual thread mounted here takes it for each call into the ring; the monitor takes it
 * to reap the CQ of a carrier that one continuation has held for longer than a tick
 * ({@link #takeOver()}), so that a virtual thread computing without pause does not stall the
 * completions in this ring.
 *
 * <p>Threads: the owner under the claim only — this carrier's OS thread (the loop, or a virtual
 * thread mounted on it, {@link #onThisCarrier()}) or the monitor; {@link #execute}, {@link #post},
 * {@link #cancel}, {@link #cancelAll} from any thread.
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
     * {@link #enterNow} enters only while fewer continuations than this wait in the queue: with
     * more, their SQEs join the batch and parking costs less than an enter per call (a whole-file
     * chain, 2026-12-07: entering at once 1.3–1.4× faster than parking with 4 readers, parking
     * 1.2–1.5× faster with 64).
     */
    static final int NOW_BELOW = Integer.getInteger("loomuring.carrier.enterNowBelow", 8);
    /**
     * How long an idle carrier with operations in flight polls its ring ({@code io_uring_enter}
     * without waiting) before it sleeps, in ns: {@code -Dloomuring.carrier.spinNanos}, 0 (never)
     * by default — a completion is posted by task work on the submitting thread, so only a kernel
     * entry can see it, and each poll costs one.
     */
    static final long SPIN_NANOS = Long.getLong("loomuring.carrier.spinNanos", 0);
    /**
     * {@code -Dloomuring.inject.carrierRefused=N}: carrier N's ring setup fails with EMFILE, as if
     * the process were out of descriptors — how tests exercise a scheduler that cannot start all
     * its carriers.
     */
    private static final int INJECT_REFUSED_INDEX = Integer.getInteger("loomuring.inject.carrierRefused", -1);

    final CarrierScheduler scheduler;
    final int index;
    final CarrierThread thread;
    /** Continuations: pushed by anyone, popped here, stolen by idle carriers; 4,096 before it allocates. */
    final RunQueue runQueue = new RunQueue(4096);
    /** Work only this carrier may do (cancels for its ring), posted from other threads. */
    private final ConcurrentLinkedQueue<Runnable> ringTasks = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<RingOwner> started = new CompletableFuture<>();
    private final RingOptions ringOptions;
    private volatile RingOwner owner;       // made by the carrier thread before it runs anything
    private volatile boolean closing;
    private int sinceEnter;                 // carrier only: continuations run since the last enter
    final CqClaim claim = new CqClaim();
    volatile boolean hogged;                // set by the monitor: one continuation has run for over a tick

    // what the monitor reads
    volatile long taskStart;                // nanoTime when the current continuation began; 0 between
    volatile Thread parkedHere;             // a virtual thread parking with an operation in this ring
    private volatile Thread guest;          // the monitor while it holds the claim in takeOver
    volatile long parkedSince;

    // counters: single writer (this carrier) unless a LongAdder
    private volatile long ran, local, stolen;
    private volatile long pumps;            // reaps by a waiter on this carrier's thread (a pinned park)
    private volatile long takeovers;        // reaps by the monitor while a continuation held this carrier
    final LongAdder injected = new LongAdder();  // pushes from threads that are not this carrier
    private final LongAdder strays = new LongAdder(); // operations submitted by a virtual thread since moved elsewhere

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
        if (!fromHere) {
            injected.increment();
            owner.signalIfSleeping();
        } else if (runQueue.size() > 1) {
            scheduler.wakeIdle(this); // work waits here: a sleeping carrier may take it
        }
    }

    /** Runs {@code task} on this carrier's own thread (cancels for its ring); any thread. */
    void post(Runnable task) {
        ringTasks.offer(task);
        if (!onThisCarrier()) { // on this carrier the loop drains it before its next enter
            owner.signalIfSleeping();
        }
    }

    /** Wakes this carrier if it sleeps; true when a signal was sent. */
    boolean wakeIfSleeping() {
        return owner.signalIfSleeping();
    }

    /** Whether this carrier announced a sleep that nobody has woken yet. */
    boolean sleeping() {
        return owner.wake().state() == WakeState.SLEEPING;
    }

    /** How many continuations wait in this carrier's queue, near enough ({@link RunQueue#size}). */
    int queued() {
        return runQueue.size();
    }

    /** One continuation from this carrier's queue for a carrier with nothing to do, or null. */
    Runnable stealFrom() {
        return runQueue.poll();
    }

    // ------------------------------------------------------------------ IoRing

    /** Writes {@code op}'s SQE into this ring; the calling virtual thread must run on this carrier. */
    @Override
    public void submit(Operation op) throws PollerClosedException {
        submit(op, Thread.currentThread());
    }

    /** Writes {@code op}'s SQE with no waiter (a multishot request); the caller must run on this carrier. */
    @Override
    public void submitDetached(Operation op) throws PollerClosedException {
        submit(op, null);
    }

    private void submit(Operation op, Thread waiter) throws PollerClosedException {
        if (onThisCarrier()) {
            boolean took = claim.take();
            try {
                owner.submit(op, waiter);
            } finally {
                if (took) {
                    claim.give();
                }
            }
        } else {
            // The virtual thread chose this ring, then parked (a contended lock, a read whose
            // provided buffers ran out) and came back on another carrier: hand the operation over.
            RingOwner o = owner;
            o.queueFromElsewhere(op, waiter);
            strays.increment();
            post(() -> o.enqueue(op));
        }
    }

    @Override
    public boolean cancel(Operation op) {
        if (op.transition(Operation.QUEUED, Operation.ABANDONED)) {
            return true; // still in the backlog: the kernel never sees it
        }
        if (op.state() == Operation.SUBMITTED) {
            // From a virtual thread on this carrier the cancel goes to the kernel now, not after
            // the continuation, which may run long.
            onThisCarrierOrPosted(() -> owner.cancel(op), true);
        }
        return false;
    }

    @Override
    public void cancelAll(int fd) {
        onThisCarrierOrPosted(() -> owner.cancelAll(fd), false);
    }

    /**
     * Runs {@code r} under this carrier's claim: at once on the carrier's own thread or its guest
     * (they hold the claim), on a virtual thread mounted here (which takes the claim and, with
     * {@code enterNow}, submits before giving it back), else posted to the carrier.
     */
    private void onThisCarrierOrPosted(Runnable r, boolean enterNow) {
        if (Thread.currentThread() == thread || Thread.currentThread() == guest) {
            r.run(); // the loop itself, or the monitor taking over: it holds the claim
        } else if (onThisCarrier()) {
            boolean took = claim.take(); // false: called back from under the claim (a CQE handler)
            try {
                r.run();
                if (took && enterNow) {
                    enter(0);
                }
            } finally {
                if (took) {
                    claim.give();
                }
            }
        } else {
            post(r);
        }
    }

    /**
     * From a virtual thread mounted on this carrier with fewer than {@value #NOW_BELOW} continuations
     * waiting in its queue: submits what is prepared and reaps, under the claim (the same enter a
     * pinned waiter's pump makes). With more waiting, or elsewhere: nothing — the thread parks and
     * the loop submits its SQEs with those the waiting continuations write, in one batch.
     */
    @Override
    public void enterNow() {
        if (runQueue.size() < NOW_BELOW && onThisCarrier()) {
            boolean took = claim.take();
            if (took) { // not from under the claim (a CQE handler): that reap is running already
                try {
                    enter(0);
                } finally {
                    claim.give();
                }
            }
        }
    }

    @Override
    public ProvidedBuffers providedBuffers() {
        return owner.providedBuffers();
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
            boolean took = claim.take();
            try {
                pumps = pumps + 1;
                drainRingTasks();
                owner.fillBacklog();
                enter(0);
            } finally {
                if (took) {
                    claim.give();
                }
            }
        }
    }

    /**
     * The monitor's take-over of a carrier that one continuation has held for longer than a tick:
     * when CQEs wait, or SQEs written before the continuation began wait to be submitted, and the
     * claim is free, submits them (the ring has no {@code SINGLE_ISSUER}) and handles the CQEs here,
     * so that their virtual threads run on another carrier. True when it did.
     */
    boolean takeOver() {
        RingOwner o = owner;
        if (o == null || !(o.completionsReady() || o.prepared() > 0 || o.hasBacklog()) || !claim.tryTake()) {
            return false;
        }
        try {
            if (taskStart == 0) {
                return false; // the continuation ended meanwhile: the loop reaps
            }
            takeovers = takeovers + 1;
            guest = Thread.currentThread();
            // A completion handler may cancel or re-arm here (a multishot accept stopping at its
            // bound): what it prepares goes in now, not when the long continuation ends.
            int rounds = 0;
            do {
                o.submitAndReapAsGuest();
            } while (o.prepared() > 0 && ++rounds < 4);
            return true;
        } finally {
            guest = null;
            claim.give();
        }
    }

    // ------------------------------------------------------------------ loop

    void run() {
        RingOwner o;
        try {
            if (index == INJECT_REFUSED_INDEX) {
                throw IoUringUnavailableException.forSetupErrno(Errno.EMFILE);
            }
            o = RingOwner.open(thread.getName(), ringOptions, true, this);
        } catch (Throwable t) {
            started.completeExceptionally(t);
            return;
        }
        owner = o;
        claim.take(); // the loop's, but while a continuation runs
        started.complete(o);
        try {
            loop(o);
        } catch (Throwable t) {
            o.failed(t);
            LOG.log(System.Logger.Level.ERROR, "loom-uring carrier " + thread.getName() + " failed", t);
        } finally {
            closing = true;
            drainRingTasks(); // operations handed over meanwhile fail with the rest
            o.drainAndClose();
        }
    }

    /**
     * The carrier's loop: {@link #turn} until closed. The loop holds nothing but the call, so the JIT
     * compiles {@code turn} as an ordinary method: a path it had not seen (the first close, a new
     * operation class) then recompiles that method, where a loop compiled on stack (OSR) fell back to
     * the interpreter for seconds until it was compiled on stack again.
     */
    private void loop(RingOwner o) {
        while (!closing) {
            turn(o);
        }
    }

    /** One turn: runs a continuation and enters when a batch is due, or sleeps in the ring when there is nothing to run. */
    private void turn(RingOwner o) {
        Runnable task = runQueue.poll();
        if (task != null) {
            local = local + 1;
        } else {
            task = scheduler.steal(this);
            if (task != null) {
                stolen = stolen + 1;
            }
        }
        if (task != null) {
            runTask(task);
            // A cancel a completion handler prepared, or work another thread posted (a
            // cancel, a stray submission), goes in after this continuation, not the batch's.
            if (o.prepared() >= BATCH || o.cancelPrepared() || !ringTasks.isEmpty()
                    || (++sinceEnter >= EVERY && (o.prepared() > 0 || o.inFlight() > 0))) {
                drainRingTasks();
                o.fillBacklog();
                enter(0);
            }
            return;
        }
        drainRingTasks();
        o.fillBacklog();
        if (SPIN_NANOS > 0 && o.inFlight() > 0 && polledWork()) {
            return;
        }
        // Wake protocol, carrier half: announce, re-check, then sleep. The sleep is the same
        // io_uring_enter that submits what is prepared, and it returns at once when a
        // completion is already there: one enter, not a flush and then a wait.
        o.announceSleep();
        if (runQueue.isEmpty() && ringTasks.isEmpty() && !scheduler.anyQueued() && !closing) {
            o.armWake();
            o.slept();
            enter(1);
        } else if (o.prepared() > 0) {
            enter(0);
        }
        o.wake().running();
    }

    /** Polls the ring for up to {@link #SPIN_NANOS}: whether work turned up. Carrier only. */
    private boolean polledWork() {
        long until = System.nanoTime() + SPIN_NANOS;
        do {
            enter(0);
            if (!runQueue.isEmpty() || !ringTasks.isEmpty() || scheduler.anyQueued()) {
                return true;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < until && !closing);
        return false;
    }

    private void runTask(Runnable task) {
        taskStart = System.nanoTime();
        claim.give();
        try {
            task.run();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "loom-uring carrier " + thread.getName() + ": a task threw", t);
        } finally {
            taskStart = 0;
            claim.take();
            parkedHere = null;
            if (hogged) {
                hogged = false;
            }
            ran = ran + 1;
        }
    }

    private void drainRingTasks() {
        for (Runnable r; (r = ringTasks.poll()) != null; ) {
            r.run();
        }
    }

    /** Submits what is prepared and reaps; waits for {@code minComplete} completions. Carrier only. */
    private void enter(int minComplete) {
        sinceEnter = 0;
        owner.submitAndReap(minComplete, 0);
    }

    /** Asks the loop to end; {@link CarrierScheduler#close} joins the thread. */
    void close() {
        closing = true;
        RingOwner o = owner;
        if (o != null) {
            o.closing();
            o.signalIfSleeping();
        }
    }

    CarrierStats stats() {
        return new CarrierStats(thread.getName(), owner.stats(), ran, local, stolen, injected.sum(), queued(), pumps,
                takeovers, claim.contended(), strays.sum());
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

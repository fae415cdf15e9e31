package io.loomuring.poller;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.loomuring.poller.ring.IoUringUnavailableException;

/**
 * The shared ring thread: a platform thread that owns one ring ({@link RingOwner}) and takes
 * operations from any thread. A caller — typically a virtual thread — hands its {@link Operation}
 * over with {@link #submit}; the ring thread turns queued operations into SQEs, submits them and
 * reaps completions with one {@code io_uring_enter}, and each completion unparks its waiter.
 *
 * <h2>Why a platform thread</h2>
 * A virtual thread inside an FFM downcall pins its carrier; blocking in {@code io_uring_enter}
 * from one would take a carrier away from the scheduler. The ring thread is also the ring's single
 * issuer ({@code IORING_SETUP_SINGLE_ISSUER}): it enables the ring, so no other thread can submit.
 *
 * <h2>The loop and its wake protocol</h2>
 * Drain the hand-off queue into the ring's backlog, write what fits, then one
 * {@code io_uring_enter} that submits and — with nothing left to do — sleeps until a completion or
 * the armed eventfd read ends it. A producer pushes onto the {@link HandOffQueue} and writes the
 * eventfd only when the ring thread announced a sleep: the announce / re-check / signal protocol of
 * {@link WakeState}. No submission is held back to build a batch: the batch is whatever queued
 * while the ring thread was busy.
 *
 * <h2>Close</h2>
 * {@link #close} fails queued operations with {@link PollerClosedException}, and the ring drains
 * what is in flight before it closes ({@link RingOwner#drainAndClose}). Closing twice is harmless.
 *
 * <p>Threads: {@link #submit}, {@link #submitDetached}, {@link #execute}, {@link #cancel},
 * {@link #cancelAll}, {@link #stats}, {@link #close} from any thread; the owner from the ring
 * thread only.
 */
public final class Poller implements AutoCloseable, IoRing {
    private static final System.Logger LOG = System.getLogger("io.loomuring.poller");

    private final Thread thread;
    private final HandOffQueue queue = new HandOffQueue();
    private final long spinNanos;
    private final CompletableFuture<RingOwner> started = new CompletableFuture<>();
    private final RingOwner owner; // made by the ring thread; published by the started future

    /**
     * Starts a ring thread with a ring of {@code options}.
     *
     * @throws IoUringUnavailableException when io_uring cannot be used; the message says why
     */
    public Poller(PollerOptions options) throws IoUringUnavailableException {
        this.spinNanos = options.spinNanos();
        this.thread = Thread.ofPlatform().name(options.name()).daemon(true).unstarted(() -> run(options));
        thread.start();
        try {
            this.owner = started.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IoUringUnavailableException u) {
                throw u;
            }
            throw new IoUringUnavailableException("the ring thread could not set up its ring: " + c, 0, c);
        } catch (InterruptedException e) {
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

    /** Hands {@code op} over with no waiter: nobody is unparked when it completes. */
    @Override
    public void submitDetached(Operation op) throws PollerClosedException {
        enqueue(op, null);
    }

    private void enqueue(Operation op, Thread waiter) throws PollerClosedException {
        op.submittedBy(waiter, this);
        op.transition(Operation.NEW, Operation.QUEUED);
        if (!queue.push(op)) {
            op.transition(Operation.QUEUED, Operation.ABANDONED);
            throw owner.closedException();
        }
        // Wake protocol, producer half: the push above is a volatile write; the read of the state
        // word is ordered after it. See WakeState.
        owner.signalIfSleeping();
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
                // closing: the drain cancels everything in flight anyway
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
            // closing: the drain cancels everything in flight anyway
        }
    }

    // ------------------------------------------------------------------ ring thread

    private void run(PollerOptions options) {
        RingOwner o;
        try {
            o = RingOwner.open(options.name(), options.ring(), true, this);
        } catch (Throwable t) {
            started.completeExceptionally(t);
            return;
        }
        started.complete(o);
        try {
            loop(o);
        } catch (Throwable t) {
            o.failed(t);
            LOG.log(System.Logger.Level.ERROR, "loom-uring ring thread " + thread.getName()
                    + " failed; failing every pending operation", t);
        } finally {
            o.closing();
            for (Operation op = queue.close(); op != null; ) { // queued since: they fail with the rest
                Operation next = HandOffQueue.unlink(op);
                o.enqueue(op);
                op = next;
            }
            o.drainAndClose();
        }
    }

    /**
     * The ring thread's loop: {@link #turn} until closing. Nothing but the call is in the loop, so the
     * JIT compiles {@code turn} as an ordinary method, not the loop on stack (OSR), which after a
     * deoptimization ran interpreted for seconds.
     */
    private void loop(RingOwner o) {
        while (!o.isClosing()) {
            turn(o);
        }
    }

    /** One turn: takes the handed-off operations, fills the ring, then submits and reaps — waiting when there is nothing to do. */
    private void turn(RingOwner o) {
        o.armWake();
        for (Operation op = queue.drain(); op != null; ) {
            Operation next = HandOffQueue.unlink(op);
            o.enqueue(op);
            op = next;
        }
        int prepared = o.fillBacklog();
        int minComplete = 0;
        boolean sleep = false;
        if (!o.hasBacklog()) {
            if (prepared == 0 && spinNanos != 0 && spin(o)) {
                return;
            }
            // Wake protocol, ring-thread half: announce, re-check, then sleep.
            o.announceSleep();
            if (queue.isEmpty() && !o.isClosing()) {
                sleep = true;
                minComplete = 1;
            } else {
                o.wake().running();
                if (prepared == 0) {
                    return;
                }
            }
        } else if (o.full()) {
            minComplete = 1; // back-pressure: wait for a completion to free a slot
        }
        o.submitAndReap(minComplete, 0);
        if (sleep) {
            o.slept();
            o.wake().running();
        }
    }

    /** Polls the hand-off queue for up to {@code spinNanos}; returns whether work arrived. */
    private boolean spin(RingOwner o) {
        if (spinNanos < 0) {
            Thread.yield();
            return !queue.isEmpty() || o.isClosing();
        }
        long deadline = System.nanoTime() + spinNanos;
        while (System.nanoTime() - deadline < 0) {
            if (!queue.isEmpty() || o.isClosing()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    // ------------------------------------------------------------------ control

    /**
     * Closes the poller: queued operations fail with {@link PollerClosedException}, in-flight ones
     * are cancelled and their waiters woken once the kernel has returned their memory; then the
     * ring thread ends and the ring's memory and fds are released. Returns when that is done.
     * Closing twice is harmless.
     */
    @Override
    public void close() {
        owner.closing();
        owner.signal(); // the ring thread may be asleep: wake it to see the close
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
        return owner.isClosing();
    }

    /** Whether the ring thread has announced a sleep that no producer has claimed yet; for tests. */
    boolean sleeping() {
        return owner.wake().state() == WakeState.SLEEPING;
    }

    /** Sleeps announced by the wake protocol so far; for the protocol's tests. */
    long announcedSleeps() {
        return owner.announcedSleeps();
    }

    /** A snapshot of the counters. */
    public RingStats stats() {
        return owner.stats();
    }

    /**
     * The ring's provided buffers (group 0) for receives with {@code IOSQE_BUFFER_SELECT}, or null
     * when the kernel has no provided buffer rings (before 5.19).
     */
    @Override
    public ProvidedBuffers providedBuffers() {
        return owner.providedBuffers();
    }

    /** Whether the kernel supports {@code opcode} (see {@link io.loomuring.poller.kernel.Opcode}). */
    public boolean supports(int opcode) {
        return owner.ring().supports(opcode);
    }

    /** The setup flags the kernel granted ({@link io.loomuring.poller.kernel.SetupFlags}). */
    public int setupFlags() {
        return owner.ring().setupFlags();
    }

    /** The {@code IORING_FEAT_*} bits the kernel reported. */
    public int features() {
        return owner.ring().features();
    }

    /** Flag combinations refused before the granted one, each with its errno. */
    public List<String> refusedFlags() {
        return owner.ring().refusedFlags();
    }

    public int sqEntries() {
        return owner.ring().sqEntries();
    }

    public int cqEntries() {
        return owner.ring().cqEntries();
    }

    /** The most operations this poller keeps in flight at once. */
    public int maxInFlight() {
        return owner.maxInFlight();
    }

    /** Whether {@code io_uring_enter} uses a registered ring fd. */
    public boolean ringFdRegistered() {
        return owner.ring().ringFdRegistered();
    }

    /** The ring thread (for diagnostics and tests). */
    public Thread thread() {
        return thread;
    }

    @Override
    public String toString() {
        return "Poller[" + thread.getName() + ", " + owner.ring() + "]";
    }
}

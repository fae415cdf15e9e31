package io.loomuring.poller.carrier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.loomuring.poller.IoRing;
import io.loomuring.poller.kernel.SetupFlags;
import io.loomuring.poller.ring.IoUringUnavailableException;
import io.loomuring.poller.ring.RingOptions;
import io.loomuring.poller.ring.RingSetup;

/**
 * A virtual-thread scheduler whose carriers each own an io_uring ring (see {@link Carrier} and
 * {@code docs/design/carrier-rings.md}). Virtual threads made by {@link #builder()} run their
 * continuations on these carriers; their loom-uring operations go into the ring of the carrier
 * they run on, and complete on it, without crossing to another thread.
 *
 * <h2>Where a continuation goes</h2>
 * {@link #execute} from a carrier of this scheduler (a virtual thread unparking another, a
 * completion reaped) pushes onto that carrier's own queue; from any other thread (the JDK's timer,
 * its poller, a platform thread) onto the next carrier in turn, waking it only if it sleeps. A
 * carrier with nothing to run steals from the others; a carrier whose queue grows wakes a sleeping
 * one to come and steal.
 *
 * <h2>The monitor</h2>
 * A daemon thread looks at every carrier each millisecond while any has work: a virtual thread
 * that has sat parked on its carrier — pinned — for a tick with an operation in that carrier's
 * ring is unparked, and pumps the ring itself. A carrier that has run one continuation for longer
 * than a tick is marked hogged: continuations pushed from other threads go elsewhere, a sleeping
 * carrier is woken to steal what waits in its queue, and the monitor reaps its CQ under the
 * carrier's claim ({@link Carrier#takeOver()}), so that the operations in its ring complete and
 * their virtual threads run on another carrier (docs/design/carrier-rings.md, "Hogs").
 *
 * <p>Threads: every method from any thread.
 */
public final class CarrierScheduler implements Executor, AutoCloseable {
    /** How long one continuation may hold a carrier before the monitor takes over its ring: {@code -Dloomuring.carrier.tickMicros}. */
    private static final long TICK_NANOS = Long.getLong("loomuring.carrier.tickMicros", 1_000) * 1_000L;
    private static final long IDLE_TICK_NANOS = 20_000_000L;

    private final String name;
    private final Carrier[] carriers;
    private final AtomicInteger next = new AtomicInteger();
    private final Thread monitor;
    private volatile boolean closed;

    private CarrierScheduler(String name, int count, RingOptions ring) {
        this.name = name;
        this.carriers = new Carrier[count];
        for (int i = 0; i < count; i++) {
            carriers[i] = new Carrier(this, i, ring);
        }
        this.monitor = Thread.ofPlatform().daemon().name(name + "-monitor").unstarted(this::watch);
    }

    /**
     * Starts {@code count} carriers, each with its own ring.
     *
     * @throws IoUringUnavailableException a ring could not be set up (nothing stays running), or
     *         the JDK's scheduler door is closed ({@link CarrierDoor#reason()})
     */
    public static CarrierScheduler start(String name, int count, RingOptions ring) throws IoUringUnavailableException {
        if (!CarrierDoor.available()) {
            throw new IoUringUnavailableException(CarrierDoor.reason(), 0, null);
        }
        CarrierScheduler s = new CarrierScheduler(name, Math.max(1, count), ring);
        List<Carrier> started = new ArrayList<>();
        try {
            for (Carrier c : s.carriers) {
                c.start();
                started.add(c);
            }
        } catch (IoUringUnavailableException | RuntimeException e) {
            started.forEach(Carrier::close);
            throw e;
        }
        s.monitor.start();
        return s;
    }

    String name() {
        return name;
    }

    /** A builder of virtual threads that run on this scheduler's carriers. */
    public Thread.Builder.OfVirtual builder() {
        return CarrierDoor.builder(this);
    }

    /**
     * The carrier of this or any scheduler that the calling virtual thread runs on, or null (a
     * platform thread, a virtual thread of the JDK's scheduler, or the door closed).
     */
    public static IoRing currentRing() {
        Thread t = Thread.currentThread();
        if (!t.isVirtual() || !CarrierDoor.available()) {
            return null;
        }
        return CarrierDoor.currentCarrier() instanceof Carrier.CarrierThread ct && !ct.carrier.scheduler.closed
                ? ct.carrier : null;
    }

    /**
     * The ring an operation of the calling thread goes to: the ring of the carrier it runs on
     * ({@link #currentRing()}), else {@code home}. Submit to it without parking in between.
     */
    public static IoRing ringOr(IoRing home) {
        IoRing r = currentRing();
        return r != null ? r : home;
    }

    /** Runs a virtual thread's continuation on one of the carriers (see the class comment). */
    @Override
    public void execute(Runnable task) {
        Thread t = Thread.currentThread();
        Thread carrier = t.isVirtual() ? CarrierDoor.currentCarrier() : t;
        if (carrier instanceof Carrier.CarrierThread ct && ct.carrier.scheduler == this) {
            ct.carrier.execute(task, true);
            return;
        }
        int n = carriers.length;
        int first = Math.floorMod(next.getAndIncrement(), n);
        Carrier c = carriers[first];
        for (int i = 1; c.hogged && i < n; i++) { // a carrier held by one long continuation runs nothing else
            c = carriers[(first + i) % n];
        }
        c.execute(task, false);
    }

    /**
     * The ring options of carrier rings: {@code COOP_TASKRUN} rather than {@code DEFER_TASKRUN}, so
     * that a completion reaches the CQ at the carrier's next return to user space — a timer tick,
     * when a continuation computes — and without {@code SINGLE_ISSUER}, so that the monitor may
     * submit what a held-up carrier had prepared ({@link Carrier#takeOver()}).
     * {@code -Dloomuring.carrier.taskrun=} {@code defer} (the shared rings' flags: completions only
     * when the carrier enters, no take-over), {@code single} (as the default with
     * {@code SINGLE_ISSUER}: the monitor can only reap) or {@code ipi} (task work interrupts the
     * carrier at once) choose otherwise, for measurement.
     */
    public static RingOptions ringOptions() {
        int base = SetupFlags.SUBMIT_ALL | SetupFlags.CQSIZE | SetupFlags.R_DISABLED;
        int flags = switch (System.getProperty("loomuring.carrier.taskrun", "coop")) {
            case "defer" -> RingSetup.PREFERRED;
            case "single" -> base | SetupFlags.SINGLE_ISSUER | SetupFlags.COOP_TASKRUN | SetupFlags.TASKRUN_FLAG;
            case "ipi" -> base;
            default -> base | SetupFlags.COOP_TASKRUN | SetupFlags.TASKRUN_FLAG;
        };
        return RingOptions.defaults().withFlags(flags);
    }

    /** A continuation from another carrier's queue for {@code idle}, or null. */
    Runnable steal(Carrier idle) {
        int n = carriers.length;
        for (int i = 1; i < n; i++) {
            Runnable r = carriers[(idle.index + i) % n].stealFrom();
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** Whether any carrier has continuations queued (the re-check before a carrier sleeps). */
    boolean anyQueued() {
        for (Carrier c : carriers) {
            if (!c.runQueue.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Wakes one sleeping carrier other than {@code busy}, to steal from it. */
    void wakeIdle(Carrier busy) {
        for (Carrier c : carriers) {
            if (c != busy && c.sleeping() && c.wakeIfSleeping()) {
                return;
            }
        }
    }

    private void watch() {
        while (!closed) {
            boolean busy = false;
            long now = System.nanoTime();
            for (Carrier c : carriers) {
                long started = c.taskStart;
                if (started == 0) {
                    continue;
                }
                busy = true;
                Thread parked = c.parkedHere;
                if (parked != null && now - c.parkedSince > TICK_NANOS) {
                    LockSupport.unpark(parked); // pinned in park on its own carrier: let it pump the ring
                }
                if (now - started > TICK_NANOS) { // a long continuation holds this carrier
                    c.hogged = true;
                    c.takeOver();       // its ring's completions go to their threads elsewhere
                    if (c.queued() > 0) {
                        wakeIdle(c);    // and another carrier takes its queue
                    }
                }
            }
            LockSupport.parkNanos(this, busy ? TICK_NANOS : IDLE_TICK_NANOS);
        }
    }

    /** Each carrier's counters. */
    public List<CarrierStats> stats() {
        List<CarrierStats> l = new ArrayList<>();
        for (Carrier c : carriers) {
            l.add(c.stats());
        }
        return l;
    }

    public int size() {
        return carriers.length;
    }

    /**
     * Stops the carriers: operations in their rings are cancelled and drained, continuations still
     * queued are dropped (their virtual threads never run again). For tests and orderly shutdown
     * after the scheduler's virtual threads have ended.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Carrier c : carriers) {
            c.close();
        }
        boolean interrupted = false;
        for (Carrier c : carriers) {
            while (c.thread.isAlive()) {
                try {
                    c.thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "CarrierScheduler[" + name + ", " + carriers.length + " carriers]";
    }
}

package io.loomuring;

import io.loomuring.internal.jfr.IoEvents;
import io.loomuring.poller.PollerGroup;
import io.loomuring.poller.PollerOptions;
import io.loomuring.poller.carrier.CarrierDoor;
import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.ring.IoUringUnavailableException;
import io.loomuring.poller.ring.RingOptions;

/**
 * The process-wide entry points to loom-uring's two ways of running operations.
 *
 * <ul>
 *   <li><b>Shared ring threads</b> ({@link #pollers()}): platform threads that each own a ring;
 *       any thread hands its operation to one and parks until the completion. Opened on first use
 *       with {@link PollerGroup#defaultRings()} rings and {@link PollerOptions#defaults()}; daemons,
 *       so nothing needs closing.</li>
 *   <li><b>Carrier rings</b> ({@link #carrierThreads()}, {@link #carrierScheduler()}): a virtual
 *       thread scheduler whose carrier threads each own a ring; a virtual thread's operation is
 *       written into the ring of the carrier it runs on and completes there, with no hand-off.
 *       Started on first use of these methods; needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}
 *       and io_uring, and without them {@link #carrierThreads()} gives ordinary virtual threads
 *       (one INFO line says why; {@link #carrierRingsUnavailable()}).</li>
 * </ul>
 * Every loom-uring operation of a carrier-ring virtual thread goes to its carrier's ring; every
 * other thread's goes to the shared ring threads. {@link #startedPollers()} and
 * {@link #startedCarrierScheduler()} report on either without starting it.
 */
public final class LoomUring {
    private LoomUring() {}

    private static final class Shared {
        static final PollerGroup GROUP;
        static final IoUringUnavailableException UNAVAILABLE;

        static {
            PollerGroup g = null;
            IoUringUnavailableException u = null;
            try {
                g = PollerGroup.open(PollerGroup.defaultRings(), PollerOptions.defaults());
            } catch (IoUringUnavailableException e) {
                u = e;
            }
            GROUP = g;
            UNAVAILABLE = u;
            startedGroup = g;
            if (g != null) {
                IoEvents.registerRingStatistics(g, () -> startedCarriers);
            }
        }
    }

    private static volatile CarrierScheduler startedCarriers; // for the periodic JFR event and stats: never starts them
    private static volatile PollerGroup startedGroup;         // likewise for the shared ring threads

    /**
     * The shared ring threads.
     *
     * @throws IoUringUnavailableException io_uring cannot be used in this process (the same
     *         exception every time; the message says why)
     */
    public static PollerGroup pollers() throws IoUringUnavailableException {
        if (Shared.UNAVAILABLE != null) {
            throw Shared.UNAVAILABLE;
        }
        return Shared.GROUP;
    }

    private static final class Carriers {
        static final CarrierScheduler SCHEDULER;
        static final String UNAVAILABLE;

        static {
            CarrierScheduler s = null;
            String why = null;
            if (!CarrierDoor.available()) {
                why = CarrierDoor.reason();
            } else if (Backends.current() != Backend.URING) {
                why = "carrier rings need io_uring: " + Backends.reason();
            } else {
                try {
                    s = CarrierScheduler.start("loom-uring-carrier", defaultCarriers(), CarrierScheduler.ringOptions());
                } catch (IoUringUnavailableException e) {
                    why = "carrier rings could not be set up: " + e.getMessage();
                }
            }
            SCHEDULER = s;
            UNAVAILABLE = why;
            startedCarriers = s;
            if (why != null) {
                System.getLogger("io.loomuring").log(System.Logger.Level.INFO, "loom-uring: virtual threads run on the JDK's scheduler"
                        + (Backends.current() == Backend.URING ? " and the shared ring threads; " : "; ") + why);
            }
        }
    }

    /**
     * Carriers of the carrier-ring scheduler: {@code -Dloomuring.carriers=N}, else
     * {@code -Djdk.virtualThreadScheduler.parallelism=N} (as the JDK's scheduler), else the available processors.
     */
    public static int defaultCarriers() {
        Integer jdk = Integer.getInteger("jdk.virtualThreadScheduler.parallelism"); // as the JDK's scheduler has it
        return Math.max(1, Integer.getInteger("loomuring.carriers", jdk != null ? jdk : Runtime.getRuntime().availableProcessors()));
    }

    /**
     * A builder of virtual threads that run on carrier rings: a scheduler whose carrier threads each
     * own an io_uring ring, so that a virtual thread's loom-uring operations go into the ring of the
     * carrier it runs on and complete there, with no hand-off to another thread (see
     * {@code docs/design/carrier-rings.md}). Virtual threads these threads start with
     * {@link Thread#ofVirtual()} run on the same carriers.
     *
     * <p>Carrier rings need {@code --add-opens java.base/java.lang=ALL-UNNAMED} (the JDK has no
     * public scheduler API) and io_uring. Without either this returns {@link Thread#ofVirtual()}:
     * ordinary virtual threads whose operations go through the shared ring threads, and one INFO
     * line says why.
     */
    public static Thread.Builder.OfVirtual carrierThreads() {
        CarrierScheduler s = Carriers.SCHEDULER;
        return s != null ? s.builder() : Thread.ofVirtual();
    }

    /** {@link #carrierThreads()} as a {@link java.util.concurrent.ThreadFactory}. */
    public static java.util.concurrent.ThreadFactory carrierThreadFactory() {
        return carrierThreads().factory();
    }

    /** An executor that starts a {@link #carrierThreads()} virtual thread per task. */
    public static java.util.concurrent.ExecutorService newCarrierThreadPerTaskExecutor() {
        return java.util.concurrent.Executors.newThreadPerTaskExecutor(carrierThreadFactory());
    }

    /** The carrier-ring scheduler, or null when it is unavailable ({@link #carrierRingsUnavailable()} says why). */
    public static CarrierScheduler carrierScheduler() {
        return Carriers.SCHEDULER;
    }

    /**
     * The shared ring threads if something has already started them, else null; never starts
     * them (for reports at exit).
     */
    public static PollerGroup startedPollers() {
        return startedGroup;
    }

    /**
     * The carrier-ring scheduler if something has already started it, else null; never starts it
     * (for reports at exit).
     */
    public static CarrierScheduler startedCarrierScheduler() {
        return startedCarriers;
    }

    /** Why carrier rings are not in use (the missing flag, io_uring refused), or null when they are. */
    public static String carrierRingsUnavailable() {
        return Carriers.UNAVAILABLE;
    }
}

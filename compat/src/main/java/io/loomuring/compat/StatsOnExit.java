package io.loomuring.compat;

import java.util.concurrent.atomic.AtomicBoolean;

import io.loomuring.LoomUring;
import io.loomuring.poller.PollerGroup;
import io.loomuring.poller.carrier.CarrierScheduler;

/**
 * {@code -Dloomuring.stats=stderr}: the counters of the shared ring threads, the carriers, the
 * selectors, file forces and whole-file reads — each only if the program started them — printed to standard error when the JVM
 * exits, once however many switches ask, to see an unmodified program's I/O go through the ring.
 */
final class StatsOnExit {
    private StatsOnExit() {}

    private static final AtomicBoolean ARMED = new AtomicBoolean();

    static void armIfAsked() {
        if ("stderr".equals(System.getProperty("loomuring.stats")) && ARMED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // Only what exists: starting rings or carriers during shutdown would report on nothing.
                PollerGroup shared = LoomUring.startedPollers();
                if (shared != null) {
                    System.err.println("loom-uring: " + shared.stats());
                }
                CarrierScheduler carriers = LoomUring.startedCarrierScheduler();
                if (carriers != null) {
                    carriers.stats().forEach(c -> System.err.println("loom-uring carrier: " + c));
                }
                io.loomuring.ForceStats forces = io.loomuring.ForceStats.now();
                if (forces.forces() > 0 || forces.chained() > 0) {
                    System.err.println("loom-uring files: " + forces);
                }
                io.loomuring.WholeReadStats whole = io.loomuring.WholeReadStats.now();
                if (whole.chains() + whole.onCaller() + whole.throughFile() > 0) {
                    System.err.println("loom-uring whole reads: " + whole);
                }
                SelectorStats sel = SelectorCounters.snapshot();
                if (sel.selections() > 0) {
                    System.err.println("loom-uring selectors: " + sel);
                }
            }));
        }
    }
}

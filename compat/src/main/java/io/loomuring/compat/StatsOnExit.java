package io.loomuring.compat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.loomuring.LoomUring;

/**
 * {@code -Dloomuring.stats=stderr}: the poller counters (and the carriers', when carrier rings were used, and
 * the selectors', when selectors were used) printed to standard error when the JVM
 * exits, once however many switches ask, to see an unmodified program's I/O go through the ring.
 */
final class StatsOnExit {
    private StatsOnExit() {}

    private static final AtomicBoolean ARMED = new AtomicBoolean();

    static void armIfAsked() {
        if ("stderr".equals(System.getProperty("loomuring.stats")) && ARMED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    System.err.println("loom-uring: " + LoomUring.pollers().stats());
                    if (LoomUring.carrierScheduler() != null) {
                        LoomUring.carrierScheduler().stats().forEach(c -> System.err.println("loom-uring carrier: " + c));
                    }
                } catch (IOException e) {
                    System.err.println("loom-uring: no poller: " + e.getMessage());
                }
                SelectorStats sel = SelectorCounters.snapshot();
                if (sel.selections() > 0) {
                    System.err.println("loom-uring selectors: " + sel);
                }
            }));
        }
    }
}

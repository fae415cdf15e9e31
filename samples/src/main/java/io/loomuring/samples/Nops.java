package io.loomuring.samples;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

import io.loomuring.LoomUring;
import io.loomuring.poller.IoRing;
import io.loomuring.poller.Nop;
import io.loomuring.poller.Poller;
import io.loomuring.poller.RingStats;
import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.carrier.CarrierStats;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SetupFlags;

/**
 * {@code samples/run nops [THREADS] [PER_THREAD] [--scheduler carrier|shared]}: runs 10,000 virtual
 * threads that each make 100 round trips through a ring ({@code IORING_OP_NOP}), and prints what
 * the kernel granted and the counters. On carrier rings (the default when the JVM has
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}) each NOP goes into the ring of the carrier
 * its thread runs on; with {@code --scheduler shared} through a ring thread of its own.
 */
public final class Nops {
    private Nops() {}

    public static void main(Options o) throws Exception {
        List<String> a = o.args();
        int threads = a.size() > 0 ? Integer.parseInt(a.get(0)) : 10_000;
        int perThread = a.size() > 1 ? Integer.parseInt(a.get(1)) : 100;
        Thread.Builder.OfVirtual builder = o.threads();
        CarrierScheduler carriers = LoomUring.carrierScheduler();
        boolean onCarriers = carriers != null && !"shared".equals(o.get("scheduler", "carrier"));
        try (Poller poller = Poller.open()) {
            System.out.println("ring: sq=" + poller.sqEntries() + " cq=" + poller.cqEntries()
                    + " flags=" + SetupFlags.flagNames(poller.setupFlags())
                    + " registered-fd=" + poller.ringFdRegistered());
            System.out.println("features: " + SetupFlags.featureNames(poller.features()));
            System.out.println("probe: READ=" + poller.supports(Opcode.READ) + " SEND_ZC="
                    + poller.supports(Opcode.SEND_ZC) + " FUTEX_WAIT=" + poller.supports(Opcode.FUTEX_WAIT)
                    + " BIND=" + poller.supports(Opcode.BIND));
            System.out.println("scheduler: " + (onCarriers ? carriers : "the JDK's, NOPs through one ring thread"
                    + (carriers == null ? " (carrier rings: " + LoomUring.carrierRingsUnavailable() + ")" : "")));
            List<CarrierStats> before = onCarriers ? carriers.stats() : List.of();
            LongAdder ok = new LongAdder();
            long t0 = System.nanoTime();
            try (ExecutorService vts = onCarriers ? Executors.newThreadPerTaskExecutor(builder.factory())
                    : Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < threads; t++) {
                    vts.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            IoRing ring = CarrierScheduler.ringOr(poller);
                            if (ring.execute(new Nop()) == 0) {
                                ok.increment();
                            }
                        }
                        return null;
                    });
                }
            }
            long ns = System.nanoTime() - t0;
            System.out.printf("%d virtual threads x %d nops: %d completed in %d ms (%.0f ops/s)%n",
                    threads, perThread, ok.sum(), ns / 1_000_000, ok.sum() * 1e9 / ns);
            if (onCarriers) {
                List<CarrierStats> after = carriers.stats();
                long enters = 0, done = 0;
                for (int i = 0; i < after.size(); i++) {
                    enters += after.get(i).ring().enters() - before.get(i).ring().enters();
                    done += after.get(i).ring().completed() - before.get(i).ring().completed();
                    System.out.println("carrier: " + after.get(i));
                }
                System.out.printf("enters per operation on the carriers: %.3f%n", done == 0 ? 0 : (double) enters / done);
            } else {
                RingStats s = poller.stats();
                System.out.println("counters: " + s);
            }
        }
    }
}

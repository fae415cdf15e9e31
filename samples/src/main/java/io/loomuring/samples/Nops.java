package io.loomuring.samples;

import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

import io.loomuring.poller.Nop;
import io.loomuring.poller.Poller;
import io.loomuring.poller.PollerStats;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SetupFlags;

/**
 * {@code samples/run nops [THREADS] [PER_THREAD]}: opens a poller, runs 10,000 virtual threads that each make 100 round trips
 * through the ring ({@code IORING_OP_NOP}), and prints what the kernel granted and the poller's
 * counters.
 */
public final class Nops {
    private Nops() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int perThread = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        try (Poller poller = Poller.open()) {
            System.out.println("ring: sq=" + poller.sqEntries() + " cq=" + poller.cqEntries()
                    + " flags=" + SetupFlags.flagNames(poller.setupFlags())
                    + " registered-fd=" + poller.ringFdRegistered());
            System.out.println("features: " + SetupFlags.featureNames(poller.features()));
            System.out.println("probe: READ=" + poller.supports(Opcode.READ) + " SEND_ZC="
                    + poller.supports(Opcode.SEND_ZC) + " FUTEX_WAIT=" + poller.supports(Opcode.FUTEX_WAIT)
                    + " BIND=" + poller.supports(Opcode.BIND));
            LongAdder ok = new LongAdder();
            long t0 = System.nanoTime();
            try (var vts = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < threads; t++) {
                    vts.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            if (poller.execute(new Nop()) == 0) {
                                ok.increment();
                            }
                        }
                        return null;
                    });
                }
            }
            long ns = System.nanoTime() - t0;
            PollerStats s = poller.stats();
            System.out.printf("%d virtual threads x %d nops: %d completed in %d ms (%.0f ops/s)%n",
                    threads, perThread, ok.sum(), ns / 1_000_000, ok.sum() * 1e9 / ns);
            System.out.println("counters: " + s);
        }
    }
}

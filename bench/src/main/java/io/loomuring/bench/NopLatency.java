package io.loomuring.bench;

import java.util.Arrays;

import io.loomuring.poller.Nop;
import io.loomuring.poller.Poller;
import io.loomuring.poller.RingStats;

/**
 * Sequential round-trip latency from one virtual thread: the poller's NOP and the bare hand-off,
 * alternated in rounds (A B A B …) in one process, reporting p50/p99 of each.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * io.loomuring.bench.NopLatency [rounds] [opsPerRound]}
 */
public final class NopLatency {
    private NopLatency() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        try (Poller poller = Poller.open(); BareHandOff bare = new BareHandOff()) {
            long[][] p = new long[2][];
            for (int r = 0; r < rounds; r++) {
                p[0] = measure(n, () -> bare.roundTrip());
                RingStats before = poller.stats();
                p[1] = measure(n, () -> poller.execute(new Nop()));
                RingStats d = poller.stats().since(before);
                if (r >= rounds / 2) { // the first half is warm-up
                    System.out.printf("round %d  baseline p50=%.1fus p99=%.1fus | poller p50=%.1fus p99=%.1fus"
                                    + " enters/op=%.3f wakeups/op=%.3f%n", r,
                            pct(p[0], 50), pct(p[0], 99), pct(p[1], 50), pct(p[1], 99),
                            d.entersPerOp(), d.wakeupsPerOp());
                }
            }
        }
    }

    interface Body {
        void run() throws Exception;
    }

    private static long[] measure(int n, Body body) throws Exception {
        long[] lat = new long[n];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    body.run();
                    lat[i] = System.nanoTime() - t0;
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.join();
        Arrays.sort(lat);
        return lat;
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1000.0;
    }
}

package io.loomuring;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.loomuring.poller.IoRing;
import io.loomuring.poller.Nop;
import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.carrier.CarrierStats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A carrier held by one continuation does not hold up the I/O of its ring (the monitor takes the
 * claim and reaps), and an operation submitted to a ring its virtual thread has since left is
 * handed over to that ring's carrier. Real loopback sockets, two carriers or more.
 */
class CarrierHogTest {
    @BeforeEach
    void twoCarriers() {
        assumeTrue(LoomUring.carrierScheduler() != null, () -> "carrier rings unavailable: " + LoomUring.carrierRingsUnavailable());
        assumeTrue(LoomUring.carrierScheduler().size() >= 2, "one carrier: no other carrier to run the woken threads");
    }

    static long sum(java.util.function.ToLongFunction<CarrierStats> f) {
        return LoomUring.carrierScheduler().stats().stream().mapToLong(f).sum();
    }

    /**
     * 32 echo connections make round trips on carrier-ring virtual threads while one virtual
     * thread computes for 3 s without parking. Every connection keeps making round trips: none
     * waits 1.5 s (without the take-over the ones in the hog's ring wait the whole 3 s).
     */
    @Test
    void aComputingVirtualThreadDoesNotStallTheCompletionsInItsCarriersRing() throws Exception {
        int conns = 32;
        long takeoversBefore = sum(CarrierStats::takeovers);
        AtomicBoolean stop = new AtomicBoolean();
        try (UringServerSocket server = UringServerSocket.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128,
                java.util.Map.of());
             ExecutorService ex = LoomUring.newCarrierThreadPerTaskExecutor()) {
            CarrierRingsTest.echoEveryConnection(ex, server);
            long[] hogWindow = new long[2];
            List<Future<Long>> gaps = new ArrayList<>();
            for (int i = 0; i < conns; i++) {
                gaps.add(ex.submit(() -> {
                    try (UringSocket c = UringSocket.connect(server.localAddress())) {
                        ByteBuffer out = ByteBuffer.allocateDirect(64), in = ByteBuffer.allocateDirect(64);
                        long last = System.nanoTime(), worst = 0;
                        while (!stop.get()) {
                            c.write(out.clear());
                            c.readFully(in.clear());
                            long now = System.nanoTime();
                            if (hogWindow[0] != 0 && now > hogWindow[0]) {
                                worst = Math.max(worst, now - Math.max(last, hogWindow[0]));
                            }
                            last = now;
                            Thread.sleep(1);
                        }
                        return worst;
                    }
                }));
            }
            Thread.sleep(300); // every connection is making round trips
            Future<Long> hog = ex.submit(() -> {
                hogWindow[0] = System.nanoTime();
                long end = hogWindow[0] + 3_000_000_000L, x = 0;
                while (System.nanoTime() < end) {
                    x += Long.numberOfTrailingZeros(System.nanoTime()); // computes, never parks
                }
                return x;
            });
            long worst = 0;
            try {
                hog.get(30, TimeUnit.SECONDS);
                stop.set(true);
                for (Future<Long> g : gaps) {
                    worst = Math.max(worst, g.get(30, TimeUnit.SECONDS));
                }
            } finally {
                ex.shutdownNow(); // the accept loop ends with its interrupt
            }
            assertTrue(worst < 1_500_000_000L, "longest wait for a round trip while one thread computed: "
                    + worst / 1_000_000 + " ms; takeovers " + (sum(CarrierStats::takeovers) - takeoversBefore));
        }
    }

    /**
     * A virtual thread that chose its carrier's ring and then moved to another carrier before
     * submitting (here: sleeps until it runs elsewhere) still gets its operation completed; the
     * carrier counts it as a stray.
     */
    @Test
    void anOperationForARingItsThreadHasLeftIsHandedOver() throws Exception {
        long straysBefore = sum(CarrierStats::strays);
        try (ExecutorService ex = LoomUring.newCarrierThreadPerTaskExecutor()) {
            Future<Integer> moved = ex.submit(() -> {
                int done = 0;
                for (int round = 0; round < 20; round++) {
                    IoRing chosen = CarrierScheduler.currentRing();
                    for (int i = 0; i < 1000 && CarrierScheduler.currentRing() == chosen; i++) {
                        Thread.sleep(0, 100_000); // woken by a timer: any carrier may run it next
                    }
                    if (CarrierScheduler.currentRing() == chosen) {
                        continue;
                    }
                    Nop op = new Nop();
                    chosen.submit(op);
                    while (!op.isDone()) {
                        LockSupport.park(op);
                    }
                    assertEquals(0, op.result());
                    done++;
                }
                return done;
            });
            int done = moved.get(60, TimeUnit.SECONDS);
            assumeTrue(done > 0, "the virtual thread never changed carrier in 20 × 1,000 sleeps");
            assertTrue(sum(CarrierStats::strays) - straysBefore >= done, "strays counted: "
                    + (sum(CarrierStats::strays) - straysBefore) + " of " + done);
        }
    }
}

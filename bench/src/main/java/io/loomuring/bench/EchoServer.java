package io.loomuring.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import io.loomuring.Backend;
import io.loomuring.LoomUring;
import io.loomuring.UringServerSocket;
import io.loomuring.UringSocket;
import io.loomuring.poller.RingStats;
import io.loomuring.poller.carrier.CarrierStats;
import io.loomuring.poller.ring.IoUringUnavailableException;

/**
 * The echo server the benchmarks drive: one virtual thread per connection reading into a
 * {@code byte[]} and writing it back — the same code on either backend ({@code uring} or
 * {@code jdk}, where it runs on {@link java.net.Socket}), and on carrier rings ({@code carrier}:
 * io_uring, the connections' virtual threads from {@link LoomUring#carrierThreads()}; the JVM needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}).
 *
 * <p>A connection whose first 8 bytes are {@code STATS!!!} gets the poller's counters as one line
 * and is closed, so the harness can read them before and after a measurement.
 *
 * <p>{@code -Dbench.spin=DELAY_MS:DURATION_MS} starts one more virtual thread, on the same
 * scheduler, that computes without pause for {@code DURATION_MS} after {@code DELAY_MS}: a hog.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * io.loomuring.bench.EchoServer uring|jdk|carrier PORT [bufferBytes]}
 */
public final class EchoServer {
    private EchoServer() {}

    static final byte[] STATS = "STATS!!!".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        Backend backend = args[0].equals("jdk") ? Backend.JDK : Backend.URING;
        Thread.Builder threads = args[0].equals("carrier") ? LoomUring.carrierThreads() : Thread.ofVirtual();
        if (args[0].equals("carrier") && LoomUring.carrierScheduler() == null) {
            throw new IllegalStateException("carrier rings unavailable: " + LoomUring.carrierRingsUnavailable());
        }
        int port = Integer.parseInt(args[1]);
        int bufSize = args.length > 2 ? Integer.parseInt(args[2]) : 16 * 1024;
        String spin = System.getProperty("bench.spin"); // DELAY_MS:DURATION_MS — one virtual thread computes without pause
        if (spin != null) {
            long delay = Long.parseLong(spin.split(":")[0]), duration = Long.parseLong(spin.split(":")[1]);
            threads.start(() -> spin(delay, duration));
        }
        try (UringServerSocket server = backend.listen(new InetSocketAddress("127.0.0.1", port), 4096, Map.of())) {
            System.out.println("listening on " + server.localAddress());
            while (true) {
                UringSocket s = server.accept();
                threads.start(() -> serve(s, backend, bufSize));
            }
        }
    }

    /** The shared rings' counters, plus the carriers' when there are carrier rings, as one line. */
    static String counters() throws IoUringUnavailableException {
        RingStats p = LoomUring.pollers().stats();
        long enters = p.enters(), wakeups = p.wakeups(), completed = p.completed(), sleeps = p.sleeps();
        long noBuffers = p.noBuffers();
        if (LoomUring.carrierScheduler() != null) {
            for (CarrierStats c : LoomUring.carrierScheduler().stats()) {
                enters += c.ring().enters();
                wakeups += c.ring().wakeups();
                completed += c.ring().completed();
                sleeps += c.ring().sleeps();
                noBuffers += c.ring().noBuffers();
            }
        }
        String carriers = LoomUring.carrierScheduler() == null ? ""
                : " " + LoomUring.carrierScheduler().stats().toString().replace(' ', '_');
        return "completed=" + completed + " enters=" + enters + " wakeups=" + wakeups + " sleeps=" + sleeps
                + " noBuffers=" + noBuffers + carriers;
    }

    /** Sleeps {@code delayMs}, then computes without blocking or yielding for {@code durationMs}. */
    static void spin(long delayMs, long durationMs) {
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            return;
        }
        long end = System.nanoTime() + durationMs * 1_000_000L;
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        System.out.println("spun " + durationMs + " ms (" + (x == 42 ? "" : "done") + ")");
    }

    /** {@code -Dbench.readTimeoutMs=N}: each connection's reads wait at most N ms (0: no limit). */
    private static final long READ_TIMEOUT_MS = Long.getLong("bench.readTimeoutMs", 0);

    private static void serve(UringSocket s, Backend backend, int bufSize) {
        try (s) {
            if (READ_TIMEOUT_MS > 0) {
                s.setReadTimeout(java.time.Duration.ofMillis(READ_TIMEOUT_MS));
            }
            byte[] buf = new byte[bufSize];
            int n = s.read(buf, 0, buf.length);
            if (n >= 8 && Arrays.equals(buf, 0, 8, STATS, 0, 8)) {
                String line = backend == Backend.JDK ? "jdk" : counters();
                byte[] b = (line + "\n").getBytes(StandardCharsets.US_ASCII);
                s.write(ByteBuffer.wrap(b));
                return;
            }
            while (n > 0) {
                s.write(buf, 0, n);
                n = s.read(buf, 0, buf.length);
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}

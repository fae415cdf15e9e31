package io.loomuring.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * The echo load generator: {@code connections} virtual threads, each with a JDK {@link Socket},
 * sending a {@code size}-byte message and reading the echo back, as fast as they can. The same
 * client drives every server. After a warm-up it measures for {@code seconds}, sampling each round
 * trip's latency, and reads the server's CPU time from {@code /proc/<pid>/stat} and (for
 * loom-uring) its poller counters at the start and end of the window.
 *
 * <p>Prints one line: {@code RESULT rtps=… p50us=… p99us=… cpuUsPerRt=… entersPerRt=… wakeupsPerRt=…}.
 *
 * <p>Paced mode ({@code rate} > 0, round trips per second over all connections): each connection
 * sends on a fixed schedule ({@code connections / rate} seconds apart) and a round trip's latency
 * runs from its scheduled send time, so that a server that falls behind is charged for the wait.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.loomuring.bench.EchoLoad PORT SERVER_PID
 * connections size warmupSeconds seconds [rate]}
 */
public final class EchoLoad {
    private EchoLoad() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long serverPid = Long.parseLong(args[1]);
        int connections = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        double warmup = Double.parseDouble(args[4]);
        double seconds = Double.parseDouble(args[5]);
        double rate = args.length > 6 ? Double.parseDouble(args[6]) : 0;
        long intervalNanos = rate > 0 ? (long) (connections / rate * 1e9) : 0;
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);

        LongAdder rts = new LongAdder();
        long[][] samples = new long[connections][];
        int[] counts = new int[connections];
        // The window starts when every connection is up: 1,000 connects can take seconds (SYN
        // retries once the listen queue overflows), and a window that began before would measure
        // almost nothing. The latch publishes the window to the clients.
        long[] window = new long[2];
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        int perConnection = Math.max(1_000, 4_000_000 / connections); // latency samples kept per connection
        List<Thread> ts = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int id = c;
            samples[c] = new long[perConnection];
            ts.add(Thread.ofVirtual().start(() -> {
                boolean counted = false;
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.connect(at);
                    ready.countDown();
                    counted = true;
                    go.await();
                    long measureFrom = window[0], measureTo = window[1];
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] msg = new byte[size];
                    Arrays.fill(msg, (byte) 'x');
                    byte[] back = new byte[size];
                    long next = System.nanoTime() + (intervalNanos == 0 ? 0 : intervalNanos * id / connections);
                    while (true) {
                        long a = System.nanoTime();
                        if (a >= measureTo) {
                            break;
                        }
                        if (intervalNanos > 0) { // paced: wait for the scheduled time, measure from it
                            if (next > a) {
                                java.util.concurrent.locks.LockSupport.parkNanos(next - a);
                            }
                            a = next;
                            next += intervalNanos;
                        }
                        out.write(msg);
                        int got = 0;
                        while (got < size) {
                            int n = in.read(back, got, size - got);
                            if (n < 0) {
                                throw new java.io.EOFException();
                            }
                            got += n;
                        }
                        long b = System.nanoTime();
                        if (a >= measureFrom) {
                            rts.increment();
                            if (counts[id] < samples[id].length) {
                                samples[id][counts[id]++] = b - a;
                            }
                        }
                    }
                } catch (Exception e) {
                    if (!counted) {
                        ready.countDown(); // a client that failed to connect must not hold the others
                    }
                    System.err.println("client " + id + ": " + e);
                }
            }));
        }
        ready.await();
        long measureFrom = System.nanoTime() + (long) (warmup * 1e9);
        long measureTo = measureFrom + (long) (seconds * 1e9);
        window[0] = measureFrom;
        window[1] = measureTo;
        go.countDown();
        while (System.nanoTime() < measureFrom) {
            Thread.sleep(1);
        }
        String stats0 = stats(at);
        long cpu0 = Cpu.ofPid(serverPid);
        while (System.nanoTime() < measureTo) {
            Thread.sleep(1);
        }
        long cpu1 = Cpu.ofPid(serverPid);
        for (Thread t : ts) {
            t.join();
        }
        String stats1 = stats(at);
        long n = rts.sum();
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int k = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(samples[c], 0, all, k, counts[c]);
            k += counts[c];
        }
        Arrays.sort(all);
        double p50 = all.length == 0 ? 0 : all[all.length / 2] / 1e3;
        double p99 = all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e3;
        double enters = delta(stats0, stats1, "enters") / n;
        double wakeups = delta(stats0, stats1, "wakeups") / n;
        System.out.printf(Locale.ROOT, "RESULT rtps=%.0f p50us=%.1f p99us=%.1f cpuUsPerRt=%.2f entersPerRt=%.4f wakeupsPerRt=%.4f%n",
                n / seconds, p50, p99, (cpu1 - cpu0) / 1e3 / n, enters, wakeups);
    }

    static String stats(InetSocketAddress at) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(at);
            s.getOutputStream().write(EchoServer.STATS);
            return new String(s.getInputStream().readAllBytes()).strip();
        }
    }

    static double delta(String a, String b, String key) {
        return Double.isNaN(field(a, key)) ? Double.NaN : field(b, key) - field(a, key);
    }

    static double field(String stats, String key) {
        for (String part : stats.split(" ")) {
            if (part.startsWith(key + "=")) {
                return Double.parseDouble(part.substring(key.length() + 1));
            }
        }
        return Double.NaN;
    }
}

package io.loomuring.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

import io.loomuring.Backend;
import io.loomuring.LoomUring;
import io.loomuring.UringFile;
import io.loomuring.UringOpenOption;
import io.loomuring.poller.RingStats;

/**
 * Random 4 KiB reads from 64 virtual threads: loom-uring against {@link FileChannel} on virtual
 * threads, in one process, rounds alternating (JDK, loom-uring, JDK, ...), reporting medians.
 * Three ways: page cache (a file read once beforehand), O_DIRECT, and cold buffered (page cache
 * dropped before every round).
 *
 * <p>A third side, when the JVM has {@code --add-opens java.base/java.lang=ALL-UNNAMED}: the same
 * loom-uring reads from 64 carrier-ring virtual threads ({@link LoomUring#carrierThreads()}).
 *
 * <p>For each side: reads/s and process CPU µs per read; for loom-uring also io_uring_enter
 * calls and ring wake-ups per read. Output: one Markdown table row per mode, to stdout.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * io.loomuring.bench.FileReadBench DIR [seconds-per-round] [rounds] [modes]}
 */
public final class FileReadBench {
    private FileReadBench() {}

    static final int THREADS = 64;
    static final int BLOCK = 4096;

    record Result(double readsPerSec, double cpuMicrosPerRead, double entersPerRead, double wakeupsPerRead) {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/var/tmp/loomuring-bench");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> modes = args.length > 3 ? List.of(args[3].split(",")) : List.of("cache", "direct", "cold");
        Files.createDirectories(dir);
        Path small = ensureFile(dir.resolve("cache-256m.dat"), 256L << 20);
        Path big = modes.contains("direct") || modes.contains("cold") ? ensureFile(dir.resolve("cold-4g.dat"), 4L << 30) : null;
        LoomUring.pollers(); // fail early if io_uring is unavailable
        System.out.printf("| mode | JDK reads/s | loom-uring reads/s | ratio | JDK CPU µs/read | loom-uring CPU µs/read "
                + "| CPU ratio | enters/read | wake-ups/read | carrier rings reads/s | ratio | CPU µs/read | CPU ratio | enters/read |%n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|%n");
        for (String mode : modes) {
            Path file = mode.equals("cache") ? small : big;
            boolean direct = mode.equals("direct");
            if (mode.equals("cache")) {
                warmCache(file);
            }
            List<Result> jdk = new ArrayList<>(), uring = new ArrayList<>(), carrier = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                if (mode.equals("cold")) {
                    dropCaches();
                }
                jdk.add(run(Backend.JDK, file, direct, seconds, false));
                if (mode.equals("cold")) {
                    dropCaches();
                }
                uring.add(run(Backend.URING, file, direct, seconds, false));
                if (LoomUring.carrierScheduler() != null) {
                    if (mode.equals("cold")) {
                        dropCaches();
                    }
                    carrier.add(run(Backend.URING, file, direct, seconds, true));
                }
            }
            Result j = median(jdk), u = median(uring);
            Result c = carrier.isEmpty() ? new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN) : median(carrier);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f | %.0f | %.2f | %.2f | %.2f | %.3f |%n", mode,
                    j.readsPerSec, u.readsPerSec, u.readsPerSec / j.readsPerSec, j.cpuMicrosPerRead,
                    u.cpuMicrosPerRead, u.cpuMicrosPerRead / j.cpuMicrosPerRead, u.entersPerRead, u.wakeupsPerRead,
                    c.readsPerSec, c.readsPerSec / j.readsPerSec, c.cpuMicrosPerRead, c.cpuMicrosPerRead / j.cpuMicrosPerRead,
                    c.entersPerRead);
        }
    }

    /** One round; {@code carrier}: the 64 threads are carrier-ring virtual threads (counters: the carriers'). */
    static Result run(Backend backend, Path file, boolean direct, double seconds, boolean carrier) throws Exception {
        Set<OpenOption> opts = direct ? Set.of(StandardOpenOption.READ, UringOpenOption.DIRECT)
                : Set.of(StandardOpenOption.READ);
        long size = Files.size(file);
        long blocks = size / BLOCK;
        LongAdder reads = new LongAdder();
        RingStats s0 = LoomUring.pollers().stats();
        long[] c0 = carrierCounters();
        long cpu0 = Cpu.processNanos();
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (seconds * 1e9);
        try (UringFile f = backend.openFile(file, opts)) {
            Thread[] ts = new Thread[THREADS];
            for (int t = 0; t < THREADS; t++) {
                long seed = t * 7919L + System.nanoTime();
                ts[t] = (carrier ? LoomUring.carrierThreads() : Thread.ofVirtual()).start(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    ByteBuffer b = ByteBuffer.allocateDirect(2 * BLOCK).alignedSlice(BLOCK);
                    long n = 0;
                    try {
                        while (System.nanoTime() < deadline) {
                            b.clear().limit(BLOCK);
                            f.read(b, rnd.nextLong(blocks) * BLOCK);
                            n++;
                        }
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                    reads.add(n);
                });
            }
            for (Thread t : ts) {
                t.join();
            }
        }
        long ns = System.nanoTime() - t0;
        long cpu = Cpu.processNanos() - cpu0;
        RingStats d = LoomUring.pollers().stats().since(s0);
        double n = reads.sum();
        if (carrier) {
            long[] c1 = carrierCounters();
            return new Result(n * 1e9 / ns, cpu / 1e3 / n, (c1[0] - c0[0]) / n, (c1[1] - c0[1]) / n);
        }
        return new Result(n * 1e9 / ns, cpu / 1e3 / n, backend == Backend.URING ? d.enters() / n : 0,
                backend == Backend.URING ? d.wakeups() / n : 0);
    }

    /** The carriers' enters and wake-ups, summed; zeros without carrier rings. */
    static long[] carrierCounters() {
        long e = 0, w = 0;
        if (LoomUring.carrierScheduler() != null) {
            for (var c : LoomUring.carrierScheduler().stats()) {
                e += c.ring().enters();
                w += c.ring().wakeups();
            }
        }
        return new long[] {e, w};
    }

    static Result median(List<Result> rs) {
        double[] a = rs.stream().mapToDouble(Result::readsPerSec).sorted().toArray();
        double[] c = rs.stream().mapToDouble(Result::cpuMicrosPerRead).sorted().toArray();
        double[] e = rs.stream().mapToDouble(Result::entersPerRead).sorted().toArray();
        double[] w = rs.stream().mapToDouble(Result::wakeupsPerRead).sorted().toArray();
        return new Result(a[a.length / 2], c[c.length / 2], e[e.length / 2], w[w.length / 2]);
    }

    static Path ensureFile(Path p, long size) throws IOException {
        if (Files.exists(p) && Files.size(p) == size) {
            return p;
        }
        System.err.println("creating " + p + " (" + (size >> 20) + " MiB)...");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
            SplittableRandom r = new SplittableRandom(1);
            for (long at = 0; at < size; at += b.capacity()) {
                b.clear();
                while (b.remaining() >= 8) {
                    b.putLong(r.nextLong());
                }
                b.flip();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            ch.force(true);
        }
        return p;
    }

    static void warmCache(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p)) {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(b.clear()) > 0) {
                // read the whole file once
            }
        }
    }

    static void dropCaches() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        try {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
        } catch (IOException e) {
            throw new IOException("cold mode needs root to drop the page cache: " + e.getMessage(), e);
        }
    }

    static String fmt(double[] a) {
        return Arrays.toString(a);
    }
}

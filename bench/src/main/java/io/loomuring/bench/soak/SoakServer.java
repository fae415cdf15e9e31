package io.loomuring.bench.soak;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.loomuring.Backend;
import io.loomuring.LoomUring;
import io.loomuring.UringFile;
import io.loomuring.poller.RingStats;
import io.loomuring.poller.carrier.CarrierStats;
import io.loomuring.samples.Listener;
import io.loomuring.samples.Main;
import io.loomuring.samples.Options;

/**
 * The soak's server process: the echo, HTTP and proxy samples (the proxy in front of the echo) and
 * eight virtual threads writing, fsyncing, reading back and checking 1 MiB files for {@code SECONDS} —
 * on one backend
 * ({@code uring}: shared rings, {@code carrier}: carrier rings, {@code jdk}). Prints
 * {@code PORTS echo=… http=… proxy=…}, then every second a {@code SERVER} line with the rings'
 * in-flight operations, CQ overflows and stale completions, and the file work done and failed, for
 * {@code bench/soak} to sample.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED
 * -cp bench/target/benchmarks.jar io.loomuring.bench.soak.SoakServer uring|carrier|jdk DIR SECONDS}
 */
public final class SoakServer {
    private SoakServer() {}

    static final LongAdder FILES = new LongAdder();
    static final Map<String, LongAdder> FILE_ERRORS = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        String side = args[0];
        Path dir = Path.of(args[1]);
        long fileNanos = Long.parseLong(args[2]) * 1_000_000_000L;
        Backend backend = side.equals("jdk") ? Backend.JDK : Backend.URING;
        String scheduler = side.equals("carrier") ? "carrier" : "shared";
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.write(root.resolve("small.bin"), SoakData.SMALL_FILE);
        Files.write(root.resolve("big.bin"), SoakData.BIG_FILE);
        String b = side.equals("jdk") ? "jdk" : "uring";
        Listener echo = Main.start("echo", Options.of("port", "0", "backend", b, "scheduler", scheduler));
        Listener http = Main.start("http", Options.of("port", "0", "backend", b, "scheduler", scheduler,
                "root", root.toString()));
        Listener proxy = Main.start("proxy", Options.of("port", "0", "backend", b, "scheduler", scheduler,
                "upstream", "127.0.0.1:" + echo.port()));
        Path files = Files.createDirectories(dir.resolve("files"));
        Thread.Builder.OfVirtual threads = side.equals("carrier") && LoomUring.carrierScheduler() != null
                ? LoomUring.carrierThreads() : Thread.ofVirtual();
        for (int i = 0; i < 8; i++) {
            int id = i;
            threads.start(() -> writeFiles(backend, files.resolve("f" + id), System.nanoTime() + fileNanos));
        }
        System.out.println("PORTS echo=" + echo.port() + " http=" + http.port() + " proxy=" + proxy.port());
        long t0 = System.nanoTime();
        while (true) {
            Thread.sleep(1000);
            System.out.println("SERVER t=" + (System.nanoTime() - t0) / 1_000_000_000 + " " + rings(backend)
                    + " files=" + FILES.sum() + " fileErrors=" + FILE_ERRORS);
        }
    }

    /** In-flight operations, CQ overflows and stale completions of every ring and carrier. */
    static String rings(Backend backend) throws Exception {
        if (backend == Backend.JDK) {
            return "inflight=0 overflows=0 stale=0";
        }
        RingStats p = LoomUring.pollers().stats();
        long inFlight = p.inFlight();
        long stale = p.staleCompletions();
        if (LoomUring.carrierScheduler() != null) {
            for (CarrierStats c : LoomUring.carrierScheduler().stats()) {
                inFlight += c.ring().inFlight();
                stale += c.ring().staleCompletions();
            }
        }
        return "inflight=" + inFlight + " overflows=" + p.cqOverflows() + " stale=" + stale;
    }

    /** 1 MiB in 64 KiB writes, fsync, read back and compare; again until {@code until} (System.nanoTime()). */
    static void writeFiles(Backend backend, Path path, long until) {
        AtomicLong round = new AtomicLong();
        ByteBuffer chunk = ByteBuffer.allocateDirect(64 << 10);
        ByteBuffer back = ByteBuffer.allocateDirect(64 << 10);
        while (System.nanoTime() < until) {
            long r = round.incrementAndGet();
            try (UringFile f = backend.openFile(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                for (int i = 0; i < 16; i++) {
                    fill(chunk, r, i);
                    f.writeFully(chunk, (long) i * chunk.capacity());
                }
                f.force(false);
                for (int i = 0; i < 16; i++) {
                    fill(chunk, r, i);
                    f.readFully(back.clear(), (long) i * back.capacity());
                    if (!chunk.equals(back.flip())) {
                        throw new IllegalStateException("file " + path + " chunk " + i + " differs after fsync");
                    }
                }
                FILES.increment();
            } catch (Exception e) {
                FILE_ERRORS.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(), k -> new LongAdder()).increment();
            }
        }
    }

    private static void fill(ByteBuffer b, long round, int i) {
        b.clear();
        long x = round * 31 + i;
        while (b.hasRemaining()) {
            b.putLong(x = x * 6364136223846793005L + 1442695040888963407L);
        }
        b.flip();
    }
}

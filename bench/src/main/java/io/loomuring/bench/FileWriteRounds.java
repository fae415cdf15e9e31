package io.loomuring.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

import io.loomuring.Backend;
import io.loomuring.LoomUring;
import io.loomuring.UringFile;

/**
 * Buffered file writes, the soak's file work alone: eight virtual threads, each in a loop over its
 * own file — open with TRUNCATE_EXISTING, 1 MiB in 64 KiB positional writes, {@code force(false)}
 * (fdatasync) unless {@code nosync}, 1 MiB read back, close. Sides alternate in one process: the JDK
 * backend, the shared rings, carrier rings. Prints one table row per side with rounds per second,
 * CPU per round, and ring submissions per round.
 *
 * <p>{@code FileWriteRounds <dir> <seconds> <rounds> [sync|nosync] [jdk|uring|carrier]} (the last:
 * that side only)
 */
public final class FileWriteRounds {
    private FileWriteRounds() {}

    private static final int THREADS = 8;
    private static final int CHUNK = 64 << 10;
    private static final int CHUNKS = 16;

    record Result(double roundsPerSec, double cpuMicrosPerRound, double submitsPerRound) {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        double seconds = Double.parseDouble(args[1]);
        int rounds = Integer.parseInt(args[2]);
        boolean sync = !(args.length > 3 && args[3].equals("nosync"));
        Files.createDirectories(dir);
        LoomUring.pollers();
        List<String> sides = new ArrayList<>(List.of("jdk", "uring"));
        if (LoomUring.carrierScheduler() != null) {
            sides.add("carrier");
        }
        if (args.length > 4) {
            sides.retainAll(List.of(args[4]));
        }
        List<List<Result>> all = new ArrayList<>();
        sides.forEach(s -> all.add(new ArrayList<>()));
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < sides.size(); i++) {
                all.get(i).add(run(sides.get(i), dir, seconds, sync));
            }
        }
        System.out.printf("| side | fdatasync | rounds/s | CPU µs/round | ring submissions/round |%n|---|---|---|---|---|%n");
        for (int i = 0; i < sides.size(); i++) {
            List<Result> rs = all.get(i);
            rs.sort((a, b) -> Double.compare(a.roundsPerSec, b.roundsPerSec));
            Result m = rs.get(rs.size() / 2);
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.1f |%n", sides.get(i), sync ? "yes" : "no",
                    m.roundsPerSec, m.cpuMicrosPerRound, m.submitsPerRound);
        }
    }

    static Result run(String side, Path dir, double seconds, boolean sync) throws Exception {
        Backend backend = side.equals("jdk") ? Backend.JDK : Backend.URING;
        LongAdder done = new LongAdder();
        long s0 = submitted();
        long cpu0 = Cpu.processNanos();
        long t0 = System.nanoTime();
        long until = t0 + (long) (seconds * 1e9);
        Thread.Builder builder = side.equals("carrier") ? LoomUring.carrierThreads() : Thread.ofVirtual();
        Thread[] ts = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            Path p = dir.resolve("writes-" + t + ".dat");
            ts[t] = builder.start(() -> {
                ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
                ByteBuffer back = ByteBuffer.allocateDirect(CHUNK);
                while (System.nanoTime() < until) {
                    try (UringFile f = backend.openFile(p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                        for (int i = 0; i < CHUNKS; i++) {
                            f.writeFully(chunk.clear(), (long) i * CHUNK);
                        }
                        if (sync) {
                            f.force(false);
                        }
                        for (int i = 0; i < CHUNKS; i++) {
                            f.readFully(back.clear(), (long) i * CHUNK);
                        }
                        done.increment();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        long ns = System.nanoTime() - t0;
        long cpu = Cpu.processNanos() - cpu0;
        long n = Math.max(1, done.sum());
        for (int t = 0; t < THREADS; t++) {
            Files.deleteIfExists(dir.resolve("writes-" + t + ".dat"));
        }
        return new Result(n * 1e9 / ns, cpu / 1e3 / n, (double) (submitted() - s0) / n);
    }

    /** Operations submitted to the shared rings and the carriers so far. */
    private static long submitted() throws Exception {
        long s = LoomUring.pollers().stats().submitted();
        if (LoomUring.carrierScheduler() != null) {
            for (var c : LoomUring.carrierScheduler().stats()) {
                s += c.ring().submitted();
            }
        }
        return s;
    }
}

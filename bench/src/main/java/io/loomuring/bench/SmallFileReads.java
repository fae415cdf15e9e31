package io.loomuring.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Small-file reads as a web server or a build tool does them: {@code threads} virtual threads, each
 * in a loop of {@code Files.readAllBytes} of one 1 KiB file (open, {@code statx}, read, close).
 * Run it on the plain JDK and under the file system switch (the agent and
 * {@code -Djava.nio.file.spi.DefaultFileSystemProvider=io.loomuring.compat.UringFileSystemProvider})
 * and compare; prints reads per second and the process's CPU per read for each 2 s round.
 *
 * <p>{@code SmallFileReads [threads] [rounds]} (default 8, 4: the first rounds warm up)
 */
public final class SmallFileReads {
    private SmallFileReads() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path p = Files.createTempFile("loomuring-small", ".txt");
        try {
            Files.write(p, new byte[1024]);
            for (int round = 0; round < rounds; round++) {
                long cpu0 = Cpu.processNanos();
                long t0 = System.nanoTime();
                long until = t0 + 2_000_000_000L;
                LongAdder n = new LongAdder();
                Thread[] ts = new Thread[threads];
                for (int i = 0; i < threads; i++) {
                    ts[i] = Thread.ofVirtual().start(() -> {
                        try {
                            while (System.nanoTime() < until) {
                                Files.readAllBytes(p);
                                n.increment();
                            }
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    });
                }
                for (Thread t : ts) {
                    t.join();
                }
                long cpu = Cpu.processNanos() - cpu0;
                System.out.printf(Locale.ROOT, "round %d: %.0f reads/s, %.2f us CPU/read%n",
                        round, n.sum() / ((System.nanoTime() - t0) / 1e9), cpu / 1e3 / n.sum());
            }
        } finally {
            Files.deleteIfExists(p);
        }
    }
}

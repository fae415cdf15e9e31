package io.loomuring.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * File work shaped like real programs', through {@code java.nio.file} and {@code FileChannel} only,
 * on virtual threads: nothing here names loom-uring. Run the same command on the plain JDK, under the
 * file system switch ({@code -Djava.nio.file.spi.DefaultFileSystemProvider=io.loomuring.compat.UringFileSystemProvider}),
 * and under the switch with the agent (carrier rings); {@code bench/run files} compares the three.
 *
 * <ul>
 * <li>{@code index} — an index build: 16 threads each write 8 segment files of 64 KiB in 8 KiB
 *     writes ({@code Files.newOutputStream}), then one thread merges them into one file through
 *     {@code Files.newInputStream}, forces it and deletes the segments. One operation: one build.
 * <li>{@code log} — a database log: 8 threads, each appending a 256-byte record to one shared
 *     channel ({@code APPEND}) and committing it with {@code force(false)} (fdatasync). One operation:
 *     one commit.
 * <li>{@code log-api} — the same commits through loom-uring's {@code UringFile.writeAndForce}: the
 *     write and its fdatasync as one linked submission.
 * <li>{@code small} — 64 threads ({@code -Dfileworkloads.threads}) reading 2,000 files of 1–4 KiB
 *     with {@code Files.readAllBytes} (page cache warm). One operation: one file.
 * <li>{@code small-api} — the same through loom-uring's {@code UringFiles.readAllBytes} (the one
 *     workload that names loom-uring: its whole-file read, a linked chain on carrier rings).
 * <li>{@code reopen} — 64 threads opening 1,000 files of 64 KiB, reading a 4 KiB header, asking
 *     the size, closing. One operation: one file.
 * <li>{@code pread-warm}, {@code pread-cold} — 64 threads reading 4, 16 or 64 KiB at random
 *     4 KiB-aligned positions of one file through a shared channel: 256 MiB read once beforehand,
 *     or 2 GiB with the page cache dropped before the window (needs root). One operation: one read.
 * </ul>
 *
 * <p>{@code FileWorkloads WORKLOAD DIR SECONDS [WARMUP]}: runs the workload for WARMUP seconds
 * (default SECONDS) to warm up, then SECONDS measured, and prints {@code RESULT workload= ops= opsPerSec= cpuUsPerOp=} (the process's
 * CPU, its io-wq workers included). Files stay in DIR between runs; only {@code index} and
 * {@code log} write.
 */
public final class FileWorkloads {
    private FileWorkloads() {}

    private interface Op {
        /** One operation of one thread; {@code t} numbers the thread. */
        void run(int t) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        String workload = args[0];
        Path dir = Files.createDirectories(Path.of(args[1]));
        double seconds = Double.parseDouble(args[2]);
        double warmup = args.length > 3 ? Double.parseDouble(args[3]) : seconds;
        Workload w = switch (workload) {
            case "index" -> new Workload(1, t -> buildIndex(dir));
            case "log" -> log(dir, false);
            case "log-api" -> log(dir, true);
            case "small" -> small(dir, false);
            case "small-api" -> small(dir, true);
            case "reopen" -> reopen(dir);
            case "pread-warm" -> pread(dir.resolve("cache-256m.dat"), 256L << 20, false);
            case "pread-cold" -> pread(dir.resolve("cold-2g.dat"), 2L << 30, true);
            default -> throw new IllegalArgumentException("no workload " + workload);
        };
        w.runFor(warmup);
        if (workload.equals("pread-cold")) {
            FileReadBench.dropCaches();
        }
        boolean api = workload.equals("small-api");
        long enters0 = api ? ringEnters() : 0;
        io.loomuring.WholeReadStats whole0 = api ? io.loomuring.WholeReadStats.now() : null;
        long cpu0 = Cpu.processNanos();
        long t0 = System.nanoTime();
        long ops = w.runFor(seconds);
        double secs = (System.nanoTime() - t0) / 1e9;
        long cpu = Cpu.processNanos() - cpu0;
        w.close();
        System.out.printf(Locale.ROOT, "RESULT workload=%s ops=%d opsPerSec=%.1f cpuUsPerOp=%.2f%n",
                workload, ops, ops / secs, cpu / 1e3 / Math.max(1, ops));
        if (api) {
            io.loomuring.WholeReadStats d = io.loomuring.WholeReadStats.now();
            System.out.printf(Locale.ROOT, "loom-uring whole reads: chains=%d onCaller=%d throughFile=%d enters/read=%.3f%n",
                    d.chains() - whole0.chains(), d.onCaller() - whole0.onCaller(), d.throughFile() - whole0.throughFile(),
                    (ringEnters() - enters0) / (double) Math.max(1, ops));
        }
    }

    /** {@code io_uring_enter} calls of the shared rings and the carriers so far (small-api only). */
    private static long ringEnters() {
        long n = 0;
        var shared = io.loomuring.LoomUring.startedPollers();
        if (shared != null) {
            n += shared.stats().enters();
        }
        var carriers = io.loomuring.LoomUring.startedCarrierScheduler();
        if (carriers != null) {
            n += carriers.stats().stream().mapToLong(c -> c.ring().enters()).sum();
        }
        return n;
    }

    /** {@code threads} virtual threads repeating {@code op} until a deadline. */
    private static class Workload implements AutoCloseable {
        final int threads;
        final Op op;

        Workload(int threads, Op op) {
            this.threads = threads;
            this.op = op;
        }

        /** Operations done in {@code seconds}; the first failure of any thread is thrown. */
        long runFor(double seconds) throws IOException {
            long until = System.nanoTime() + (long) (seconds * 1e9);
            LongAdder n = new LongAdder();
            onEach(threads, t -> {
                while (System.nanoTime() < until) {
                    op.run(t);
                    n.increment();
                }
            });
            return n.sum();
        }

        @Override
        public void close() throws IOException {}
    }

    /** Runs {@code op} once on each of {@code threads} virtual threads, and waits for them. */
    private static void onEach(int threads, Op op) throws IOException {
        Thread[] ts = new Thread[threads];
        IOException[] failed = new IOException[1];
        for (int i = 0; i < threads; i++) {
            int t = i;
            ts[i] = Thread.ofVirtual().start(() -> {
                try {
                    op.run(t);
                } catch (IOException e) {
                    synchronized (failed) {
                        failed[0] = e;
                    }
                }
            });
        }
        try {
            for (Thread t : ts) {
                t.join();
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        synchronized (failed) {
            if (failed[0] != null) {
                throw failed[0];
            }
        }
    }

    private static void buildIndex(Path dir) throws IOException {
        Path d = Files.createTempDirectory(dir, "index");
        byte[] chunk = new byte[8192];
        ThreadLocalRandom.current().nextBytes(chunk);
        try {
            onEach(16, w -> {
                for (int s = 0; s < 8; s++) {
                    try (OutputStream o = Files.newOutputStream(d.resolve("seg-" + w + "-" + s))) {
                        for (int k = 0; k < 8; k++) {
                            o.write(chunk);
                        }
                    }
                }
            });
            try (FileChannel out = FileChannel.open(d.resolve("merged"), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                byte[] buf = new byte[8192];
                for (int w = 0; w < 16; w++) {
                    for (int s = 0; s < 8; s++) {
                        Path seg = d.resolve("seg-" + w + "-" + s);
                        try (InputStream in = Files.newInputStream(seg)) {
                            for (int r; (r = in.read(buf)) > 0; ) {
                                ByteBuffer b = ByteBuffer.wrap(buf, 0, r);
                                while (b.hasRemaining()) {
                                    out.write(b);
                                }
                            }
                        }
                        Files.delete(seg);
                    }
                }
                out.force(true);
            }
        } finally {
            try (Stream<Path> s = Files.list(d)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(d);
        }
    }

    /** {@code -Dfileworkloads.ownFiles=true}: each of the log's threads commits to a file of its own. */
    private static final boolean OWN_FILES = Boolean.getBoolean("fileworkloads.ownFiles");

    /** One log's commit: append a record, make it durable. */
    private interface Log extends java.io.Closeable {
        void commit(ByteBuffer record) throws IOException;
    }

    private static Log openLog(Path p, boolean api) throws IOException {
        Files.deleteIfExists(p);
        if (api) {
            io.loomuring.UringFile f = io.loomuring.UringFile.open(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new Log() {
                @Override
                public void commit(ByteBuffer r) throws IOException {
                    f.writeAndForce(r, false);
                }

                @Override

                public void close() throws IOException {
                    f.close();
                }
            };
        }
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new Log() {
            @Override
            public void commit(ByteBuffer r) throws IOException {
                while (r.hasRemaining()) {
                    ch.write(r);
                }
                ch.force(false);
            }

            @Override

            public void close() throws IOException {
                ch.close();
            }
        };
    }

    /** 8 threads committing to one log, or ({@link #OWN_FILES}) each to a log of its own. */
    private static Workload log(Path dir, boolean api) throws IOException {
        Log[] logs = new Log[OWN_FILES ? 8 : 1];
        for (int i = 0; i < logs.length; i++) {
            logs[i] = openLog(dir.resolve(OWN_FILES ? "log-" + i + ".dat" : "log.dat"), api);
        }
        ByteBuffer record = ByteBuffer.allocateDirect(256);
        return new Workload(8, t -> logs[OWN_FILES ? t : 0].commit(record.duplicate())) {
            @Override
            public void close() throws IOException {
                for (Log l : logs) {
                    l.close();
                }
            }
        };
    }

    private static Workload small(Path dir, boolean api) throws IOException {
        Path[] files = ensureFiles(dir.resolve("small"), 2000, i -> 1024 + (i * 1543) % 3072);
        int threads = Integer.getInteger("fileworkloads.threads", 64);
        for (Path p : files) {
            Files.readAllBytes(p); // page cache warm
        }
        if (api) {
            return new Workload(threads, t -> io.loomuring.UringFiles.readAllBytes(files[ThreadLocalRandom.current().nextInt(files.length)]));
        }
        return new Workload(threads, t -> Files.readAllBytes(files[ThreadLocalRandom.current().nextInt(files.length)]));
    }

    private static Workload reopen(Path dir) throws IOException {
        Path[] files = ensureFiles(dir.resolve("reopen"), 1000, i -> 64 * 1024);
        ThreadLocal<ByteBuffer> header = ThreadLocal.withInitial(() -> ByteBuffer.allocate(4096));
        return new Workload(64, t -> {
            try (FileChannel ch = FileChannel.open(files[ThreadLocalRandom.current().nextInt(files.length)])) {
                ByteBuffer b = header.get().clear();
                ch.read(b, 0);
                if (ch.size() != 64 * 1024) {
                    throw new IOException("size " + ch.size());
                }
            }
        });
    }

    private static Workload pread(Path file, long size, boolean cold) throws IOException {
        FileReadBench.ensureFile(file, size);
        FileChannel ch = FileChannel.open(file);
        if (!cold) {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
            for (long p = 0; p < size; p += b.capacity()) {
                ch.read(b.clear(), p);
            }
        }
        int[] sizes = {4096, 16384, 65536};
        ThreadLocal<ByteBuffer> bufs = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(65536));
        return new Workload(64, t -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            int n = sizes[r.nextInt(sizes.length)];
            long pos = r.nextLong((size - n) / 4096) * 4096;
            ByteBuffer b = bufs.get().clear().limit(n);
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) < 0) {
                    throw new IOException("EOF at " + pos);
                }
            }
        }) {
            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    /** {@code count} files named 0..count-1 in {@code d}, of {@code sizeOf(i)} bytes; made once. */
    private static Path[] ensureFiles(Path d, int count, java.util.function.IntUnaryOperator sizeOf) throws IOException {
        Files.createDirectories(d);
        Path[] files = new Path[count];
        for (int i = 0; i < count; i++) {
            files[i] = d.resolve(Integer.toString(i));
            int n = sizeOf.applyAsInt(i);
            if (!Files.exists(files[i]) || Files.size(files[i]) != n) {
                byte[] b = new byte[n];
                ThreadLocalRandom.current().nextBytes(b);
                Files.write(files[i], b);
            }
        }
        return files;
    }
}

package io.loomuring.bench;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.loomuring.Backend;
import io.loomuring.UringFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * File reads and writes from 64 virtual threads on a 256 MiB file in the page cache: 4 KiB at
 * random offsets, and 1 MiB sequential (each thread its own region). {@code side=jdk} is
 * {@link FileChannel} (positional, direct buffers) on virtual threads — the baseline; {@code
 * side=uring} is {@link UringFile}. Results are operations/s over all threads.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar FileIo}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FileIo {
    static final int THREADS = 64;
    static final long SIZE = 256L << 20;
    static final int SMALL_OPS = 64 * 200;
    static final int LARGE_OPS = 64 * 2;

    @Param({"jdk", "uring"})
    String side;

    Path path;
    FileChannel channel;
    UringFile file;
    ByteBuffer[] small = new ByteBuffer[THREADS];
    ByteBuffer[] large = new ByteBuffer[THREADS];
    SplittableRandom[] random = new SplittableRandom[THREADS];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        path = Path.of(System.getProperty("java.io.tmpdir"), "loomuring-fileio.dat");
        if (!Files.exists(path) || Files.size(path) != SIZE) {
            try (FileChannel c = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
                for (long at = 0; at < SIZE; at += b.capacity()) {
                    b.clear();
                    while (b.hasRemaining()) {
                        b.put((byte) at);
                    }
                    b.flip();
                    c.write(b, at);
                }
            }
        }
        if (side.equals("jdk")) {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } else {
            file = Backend.URING.openFile(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        for (int t = 0; t < THREADS; t++) {
            small[t] = ByteBuffer.allocateDirect(4096);
            large[t] = ByteBuffer.allocateDirect(1 << 20);
            random[t] = new SplittableRandom(t);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (channel != null) {
            channel.close();
        }
        if (file != null) {
            file.close();
        }
    }

    private int read(ByteBuffer b, long at) throws Exception {
        b.clear();
        return channel != null ? channel.read(b, at) : file.read(b, at);
    }

    private int write(ByteBuffer b, long at) throws Exception {
        b.clear();
        return channel != null ? channel.write(b, at) : file.write(b, at);
    }

    @Benchmark
    @OperationsPerInvocation(SMALL_OPS)
    public void randomRead4k() throws Exception {
        FanOut.run(THREADS, SMALL_OPS / THREADS, (t, i) -> read(small[t], random[t].nextLong(SIZE / 4096) * 4096));
    }

    @Benchmark
    @OperationsPerInvocation(SMALL_OPS)
    public void randomWrite4k() throws Exception {
        FanOut.run(THREADS, SMALL_OPS / THREADS, (t, i) -> write(small[t], random[t].nextLong(SIZE / 4096) * 4096));
    }

    @Benchmark
    @OperationsPerInvocation(LARGE_OPS)
    public void sequentialRead1m() throws Exception {
        long region = SIZE / THREADS;
        FanOut.run(THREADS, LARGE_OPS / THREADS, (t, i) -> read(large[t], t * region + (long) i * (1 << 20)));
    }

    @Benchmark
    @OperationsPerInvocation(LARGE_OPS)
    public void sequentialWrite1m() throws Exception {
        long region = SIZE / THREADS;
        FanOut.run(THREADS, LARGE_OPS / THREADS, (t, i) -> write(large[t], t * region + (long) i * (1 << 20)));
    }
}

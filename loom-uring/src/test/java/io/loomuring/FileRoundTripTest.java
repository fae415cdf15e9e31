package io.loomuring;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Data written through every kind of buffer comes back byte for byte, on both backends. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FileRoundTripTest {
    @TempDir
    Path dir;

    enum Kind { HEAP_BUFFER, DIRECT_BUFFER, ARRAY, NATIVE_SEGMENT, HEAP_SEGMENT, GATHER_DIRECT, GATHER_HEAP }

    static Stream<Arguments> matrix() {
        List<Arguments> a = new ArrayList<>();
        for (Backend b : Backend.values()) {
            for (Kind k : Kind.values()) {
                for (int size : new int[] {0, 1, 4095, 4096, 1 << 20, 64 << 20}) {
                    a.add(Arguments.of(b, k, size));
                }
            }
        }
        return a.stream();
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest(name = "{0} {1} {2} bytes")
    @MethodSource("matrix")
    void roundTripOfRandomDataIsByteForByte(Backend backend, Kind kind, int size) throws Exception {
        byte[] data = random(size, size * 31L + kind.ordinal());
        Path p = dir.resolve("f");
        try (UringFile f = backend.openFile(p, CREATE, WRITE, READ); Arena arena = Arena.ofConfined()) {
            write(f, kind, data, arena);
            assertEquals(size, f.size());
            assertEquals(size, f.position(), "sequential writes advance the position");
            byte[] back = read(f, kind, size, arena);
            assertArrayEquals(data, back);
        }
        assertArrayEquals(data, Files.readAllBytes(p), "the JDK sees the same bytes");
    }

    private static void write(UringFile f, Kind kind, byte[] data, Arena arena) throws IOException {
        switch (kind) {
            case HEAP_BUFFER -> f.write(ByteBuffer.wrap(data));
            case DIRECT_BUFFER -> f.write(ByteBuffer.allocateDirect(data.length).put(data).flip());
            case ARRAY -> f.write(data, 0, data.length);
            case NATIVE_SEGMENT -> {
                f.write(arena.allocate(Math.max(1, data.length)).copyFrom(MemorySegment.ofArray(data))
                        .asSlice(0, data.length), 0);
                f.position(data.length);
            }
            case HEAP_SEGMENT -> {
                f.write(MemorySegment.ofArray(data), 0);
                f.position(data.length);
            }
            case GATHER_DIRECT, GATHER_HEAP -> {
                ByteBuffer[] parts = split(data, kind == Kind.GATHER_DIRECT);
                assertEquals(data.length, f.write(parts));
            }
        }
    }

    private static byte[] read(UringFile f, Kind kind, int size, Arena arena) throws IOException {
        byte[] out = new byte[size];
        switch (kind) {
            case HEAP_BUFFER, DIRECT_BUFFER -> {
                ByteBuffer b = kind == Kind.HEAP_BUFFER ? ByteBuffer.allocate(size) : ByteBuffer.allocateDirect(size);
                f.readFully(b, 0);
                b.flip().get(out);
                assertEquals(size == 0 ? 0 : -1, f.read(ByteBuffer.allocate(size == 0 ? 0 : 1), size), "EOF");
            }
            case ARRAY -> {
                int done = 0;
                while (done < size) {
                    int n = f.read(out, done, size - done, done);
                    done += n;
                }
            }
            case NATIVE_SEGMENT -> {
                MemorySegment s = arena.allocate(Math.max(1, size)).asSlice(0, size);
                assertEquals(size == 0 ? 0 : size, Math.max(0, f.read(s, 0)));
                MemorySegment.copy(s, 0, MemorySegment.ofArray(out), 0, size);
            }
            case HEAP_SEGMENT -> {
                MemorySegment s = MemorySegment.ofArray(out);
                long done = 0;
                while (done < size) {
                    done += f.read(s.asSlice(done), done);
                }
            }
            case GATHER_DIRECT, GATHER_HEAP -> {
                f.position(0);
                ByteBuffer[] parts = split(new byte[size], kind == Kind.GATHER_DIRECT);
                long done = 0;
                while (done < size) {
                    done += f.read(parts);
                }
                int at = 0;
                for (ByteBuffer b : parts) {
                    b.flip();
                    int n = b.remaining();
                    b.get(out, at, n);
                    at += n;
                }
            }
        }
        return out;
    }

    /** Three uneven parts. */
    private static ByteBuffer[] split(byte[] data, boolean direct) {
        int a = data.length / 3, b = data.length / 2;
        int[][] r = {{0, a}, {a, b}, {b, data.length}};
        ByteBuffer[] out = new ByteBuffer[3];
        for (int i = 0; i < 3; i++) {
            int len = r[i][1] - r[i][0];
            out[i] = direct ? ByteBuffer.allocateDirect(len) : ByteBuffer.allocate(len);
            out[i].put(data, r[i][0], len).flip();
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void positionalReadsFromThousandVirtualThreadsReturnTheRightBytes(Backend backend) throws Exception {
        byte[] data = random(64 << 20, 7);
        Path p = dir.resolve("big");
        Files.write(p, data);
        AtomicInteger reads = new AtomicInteger();
        try (UringFile f = backend.openFile(p, READ); var vts = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 1000; t++) {
                long seed = t;
                fs.add(vts.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    for (int i = 0; i < 20; i++) {
                        int len = 1 + r.nextInt(65536);
                        long pos = r.nextLong(data.length - len);
                        ByteBuffer b = (i & 1) == 0 ? ByteBuffer.allocate(len) : ByteBuffer.allocateDirect(len);
                        f.readFully(b, pos);
                        b.flip();
                        for (int k = 0; k < len; k++) {
                            if (b.get(k) != data[(int) pos + k]) {
                                throw new AssertionError("byte " + (pos + k) + " differs");
                            }
                        }
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (var fu : fs) {
                fu.get();
            }
        }
        assertEquals(20_000, reads.get());
    }
}

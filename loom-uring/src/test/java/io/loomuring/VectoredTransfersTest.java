package io.loomuring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Gathering writes and scattering reads of sockets and pipes, over both backends: every buffer's
 * bytes arrive in order (heap, direct and sliced buffers of many sizes, more than one staging
 * buffer's worth of heap bytes, a slow reader on a small send buffer), positions move by what
 * moved, and read-only buffers are refused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VectoredTransfersTest {
    static final int[] SIZES = {0, 1, 7, 4095, 4096, 8193, 65_536, 300_000, 1_500_000};

    /** A write end and a read end of one kind. */
    interface Ends extends AutoCloseable {
        long write(ByteBuffer[] srcs) throws IOException;

        long read(ByteBuffer[] dsts) throws IOException;

        int read(ByteBuffer dst) throws IOException;

        void closeWriter() throws IOException;
    }

    static Ends socket(Backend b) throws IOException {
        UringServerSocket server = b.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8, Map.of());
        UringSocket out = UringSocket.connect(server.localAddress());
        UringSocket in = server.accept();
        server.close();
        out.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
        return new Ends() {
            public long write(ByteBuffer[] srcs) throws IOException { return out.write(srcs, 0, srcs.length); }
            public long read(ByteBuffer[] dsts) throws IOException { return in.read(dsts, 0, dsts.length); }
            public int read(ByteBuffer dst) throws IOException { return in.read(dst); }
            public void closeWriter() throws IOException { out.shutdownOutput(); }
            public void close() throws IOException { out.close(); in.close(); }
        };
    }

    static Ends pipe(Backend b) throws IOException {
        UringPipe p = b.openPipe();
        return new Ends() {
            public long write(ByteBuffer[] srcs) throws IOException { return p.write(srcs, 0, srcs.length); }
            public long read(ByteBuffer[] dsts) throws IOException { return p.read(dsts, 0, dsts.length); }
            public int read(ByteBuffer dst) throws IOException { return p.read(dst); }
            public void closeWriter() throws IOException { p.closeSink(); }
            public void close() throws IOException { p.closeSink(); p.closeSource(); }
        };
    }

    /** Buffers holding {@code data} in order: many sizes, heap and direct, sliced at odd positions. */
    static ByteBuffer[] buffers(Random rnd, byte[] data) {
        ByteBuffer[] bufs = new ByteBuffer[1 + rnd.nextInt(12)];
        int at = 0;
        for (int i = 0; i < bufs.length; i++) {
            int size = Math.min(SIZES[rnd.nextInt(SIZES.length)], data.length - at);
            int pad = rnd.nextInt(5);
            ByteBuffer b = rnd.nextBoolean() ? ByteBuffer.allocateDirect(size + pad) : ByteBuffer.allocate(size + pad);
            b.position(pad).put(data, at, size).position(pad);
            bufs[i] = b.slice(pad, size).position(0);
            at += size;
        }
        return bufs;
    }

    static void gatherRounds(Backend b, boolean socket) throws Exception {
        Random rnd = new Random(11);
        for (int round = 0; round < 40; round++) {
            byte[] data = new byte[3_000_000];
            rnd.nextBytes(data);
            ByteBuffer[] bufs = buffers(rnd, data);
            long total = Arrays.stream(bufs).mapToLong(ByteBuffer::remaining).sum();
            try (Ends e = socket ? socket(b) : pipe(b)) {
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                AtomicReference<Throwable> failed = new AtomicReference<>();
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        ByteBuffer small = ByteBuffer.allocate(1500);
                        int n;
                        while ((n = e.read(small.clear())) > 0) {
                            got.write(small.array(), 0, n);
                        }
                    } catch (Throwable t) {
                        failed.set(t);
                    }
                });
                assertEquals(total, e.write(bufs), "round " + round);
                e.closeWriter();
                reader.join();
                assertNull(failed.get());
                for (ByteBuffer x : bufs) {
                    assertFalse(x.hasRemaining(), "round " + round + ": a buffer's position is not at its limit");
                }
                assertEquals(-1, Arrays.mismatch(got.toByteArray(), Arrays.copyOf(data, (int) total)),
                        "round " + round + ": the first byte that differs");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void socketGatheringWriteSendsEveryBufferInOrder(Backend b) throws Exception {
        gatherRounds(b, true);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pipeGatheringWriteSendsEveryBufferInOrder(Backend b) throws Exception {
        gatherRounds(b, false);
    }

    static void scatterRounds(Backend b, boolean socket) throws Exception {
        for (int round = 0; round < 30; round++) {
            Random rnd = new Random(round);
            byte[] data = new byte[1 + rnd.nextInt(400_000)];
            rnd.nextBytes(data);
            try (Ends e = socket ? socket(b) : pipe(b)) {
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        e.write(new ByteBuffer[] {ByteBuffer.wrap(data)});
                        e.closeWriter();
                    } catch (IOException x) {
                        throw new RuntimeException(x);
                    }
                });
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                while (true) {
                    ByteBuffer[] bufs = buffers(rnd, new byte[2_000_000]);
                    for (ByteBuffer x : bufs) {
                        x.clear().limit(Math.min(x.capacity(), rnd.nextInt(9000)));
                    }
                    long room = Arrays.stream(bufs).mapToLong(ByteBuffer::remaining).sum();
                    long n = e.read(bufs);
                    if (n < 0) {
                        break;
                    }
                    assertEquals(room == 0, n == 0, "0 only when no buffer has room");
                    long seen = 0;
                    for (int i = 0; i < bufs.length; i++) {
                        if (bufs[i].position() > 0 && i > 0) {
                            assertFalse(bufs[i - 1].hasRemaining(), "a buffer filled before the one ahead of it");
                        }
                        got.write(filled(bufs[i]));
                        seen += bufs[i].position();
                    }
                    assertEquals(n, seen);
                }
                writer.join();
                assertEquals(-1, Arrays.mismatch(got.toByteArray(), data), "round " + round);
            }
        }
    }

    /** The bytes a read put into {@code b} (from index 0 to its position). */
    private static byte[] filled(ByteBuffer b) {
        byte[] out = new byte[b.position()];
        b.get(0, out);
        return out;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void socketScatteringReadFillsTheBuffersInOrder(Backend b) throws Exception {
        scatterRounds(b, true);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pipeScatteringReadFillsTheBuffersInOrder(Backend b) throws Exception {
        scatterRounds(b, false);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void scatteringIntoAReadOnlyBufferIsRefused(Backend b) throws Exception {
        try (Ends e = socket(b)) {
            ByteBuffer[] dsts = {ByteBuffer.allocate(4), ByteBuffer.allocate(4).asReadOnlyBuffer()};
            assertThrows(IllegalArgumentException.class, () -> e.read(dsts));
        }
        try (Ends e = pipe(b)) {
            ByteBuffer[] dsts = {ByteBuffer.allocate(4).asReadOnlyBuffer()};
            assertThrows(IllegalArgumentException.class, () -> e.read(dsts));
        }
    }
}

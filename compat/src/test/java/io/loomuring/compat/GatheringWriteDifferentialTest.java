package io.loomuring.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.loomuring.Backend;
import io.loomuring.Backends;

/**
 * Gathering writes retried until nothing remains — the way every selector-based server flushes —
 * against a slow reader, through an 8 KiB send buffer, on the JDK's {@link SocketChannel} (and pipe) and
 * on compat's, in non-blocking and blocking mode; then scattering reads. Every byte is compared
 * with what was written. A write that went on to the next buffer after a short write to the
 * previous one reordered the stream here at offset 16,384, every run.
 */
class GatheringWriteDifferentialTest {
    static final int ROUNDS = 300;
    static final int[] SIZES = {0, 1, 7, 100, 1000, 4095, 4096, 8191, 8192, 8193, 20_000, 65_536};
    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** A channel pair of one kind: its write end and its read end. */
    interface Pair extends AutoCloseable {
        java.nio.channels.GatheringByteChannel out();

        java.nio.channels.ScatteringByteChannel in();
    }

    static Pair sockets(SelectorProvider p) throws Exception {
        ServerSocketChannel server = p.openServerSocketChannel().bind(LOOPBACK);
        SocketChannel client = p.openSocketChannel();
        client.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
        client.connect(server.getLocalAddress());
        SocketChannel accepted = server.accept();
        // (A small receive buffer too would leave TCP probing a zero window with backoff on
        // loopback, whose MSS is 64 KiB: seconds per round on any implementation.)
        server.close();
        return new Pair() {
            public java.nio.channels.GatheringByteChannel out() { return client; }
            public java.nio.channels.ScatteringByteChannel in() { return accepted; }
            public void close() throws Exception { client.close(); accepted.close(); }
        };
    }

    static Pair pipe(SelectorProvider p) throws Exception {
        Pipe pipe = p.openPipe();
        return new Pair() {
            public java.nio.channels.GatheringByteChannel out() { return pipe.sink(); }
            public java.nio.channels.ScatteringByteChannel in() { return pipe.source(); }
            public void close() throws Exception { pipe.sink().close(); pipe.source().close(); }
        };
    }

    /** Buffers of many sizes, heap and direct, some sliced so that position and offset differ, holding {@code stream[from..)}. */
    static ByteBuffer[] buffers(Random rnd, byte[] stream, int[] total) {
        int count = 1 + rnd.nextInt(24);
        ByteBuffer[] bufs = new ByteBuffer[count];
        int at = 0;
        for (int i = 0; i < count; i++) {
            int size = Math.min(SIZES[rnd.nextInt(SIZES.length)], stream.length - at);
            int pad = rnd.nextInt(3);
            ByteBuffer b = rnd.nextBoolean() ? ByteBuffer.allocateDirect(size + pad) : ByteBuffer.allocate(size + pad);
            b.position(pad);
            b.put(stream, at, size);
            b.position(pad);
            bufs[i] = b;
            at += size;
        }
        total[0] = at;
        return bufs;
    }

    static boolean anyRemaining(ByteBuffer[] bufs) {
        for (ByteBuffer b : bufs) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    /** Reads {@code total} bytes in small, uneven pieces with pauses (a slow reader), on a virtual thread. */
    static Thread slowReader(ReadableByteChannel in, int total, Random rnd, ByteArrayOutputStream got,
                             AtomicReference<Throwable> failure) {
        long seed = rnd.nextLong();
        return Thread.ofVirtual().start(() -> {
            Random r = new Random(seed);
            try {
                ByteBuffer b = ByteBuffer.allocate(1 + r.nextInt(3000));
                int n = 0;
                while (n < total) {
                    b.clear().limit(1 + r.nextInt(b.capacity()));
                    int k = in.read(b);
                    if (k < 0) {
                        break;
                    }
                    got.write(b.array(), 0, k);
                    n += k;
                    if (r.nextInt(4) == 0) {
                        Thread.yield();
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
    }

    /**
     * {@code ROUNDS} rounds on one provider: a gathering write retried until the buffers are empty
     * (non-blocking: spinning on 0; blocking: one call), a slow reader, every byte compared. The
     * trace is what a program would see: totals, whether the stream arrived intact, buffer states.
     */
    static List<String> rounds(SelectorProvider p, String kind, boolean blocking) throws Exception {
        List<String> trace = new ArrayList<>();
        Random rnd = new Random(42);
        byte[] stream = new byte[300_000];
        for (int round = 0; round < ROUNDS; round++) {
            rnd.nextBytes(stream);
            int[] total = new int[1];
            ByteBuffer[] bufs = buffers(rnd, stream, total);
            try (Pair pair = kind.equals("socket") ? sockets(p) : pipe(p)) {
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread reader = slowReader(pair.in(), total[0], rnd, got, failure);
                ((java.nio.channels.SelectableChannel) pair.out()).configureBlocking(blocking);
                long written = 0;
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (anyRemaining(bufs) && System.nanoTime() < deadline) {
                    long n = pair.out().write(bufs);
                    written += n;
                    if (n == 0) {
                        Thread.yield();
                    }
                }
                reader.join();
                byte[] in = got.toByteArray();
                byte[] want = Arrays.copyOf(stream, total[0]);
                int mismatch = Arrays.mismatch(in, want);
                trace.add("round " + round + ": wrote " + written + " of " + total[0] + ", received " + in.length
                        + ", first difference at " + mismatch + ", reader failure " + failure.get()
                        + ", buffers left " + anyRemaining(bufs));
            }
        }
        return trace;
    }

    @ParameterizedTest(name = "{0}, blocking={1}")
    @CsvSource({"socket, false", "socket, true", "pipe, false", "pipe, true"})
    void gatheringWritesKeepTheStreamInOrder(String kind, boolean blocking) throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        List<String> jdk = rounds(SelectorProvider.provider(), kind, blocking);
        List<String> uring = rounds(UringSelectorProvider.INSTANCE, kind, blocking);
        for (String line : jdk) {
            assertEquals(-1, Integer.parseInt(line.replaceAll(".*first difference at (-?\\d+),.*", "$1")),
                    "the JDK's own channel: " + line);
        }
        assertEquals(String.join("\n", jdk), String.join("\n", uring));
    }

    /** Scattering reads into buffers of many sizes, heap and direct, on both providers: the same bytes, in order. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"socket", "pipe"})
    void scatteringReadsFillTheBuffersInOrder(String kind) throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        assertEquals(String.join("\n", scatter(SelectorProvider.provider(), kind)),
                String.join("\n", scatter(UringSelectorProvider.INSTANCE, kind)));
    }

    static List<String> scatter(SelectorProvider p, String kind) throws Exception {
        List<String> trace = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            Random rnd = new Random(round); // per round: the number of reads differs between the sides
            byte[] data = new byte[1 + rnd.nextInt(200_000)];
            rnd.nextBytes(data);
            try (Pair pair = kind.equals("socket") ? sockets(p) : pipe(p)) {
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        ByteBuffer b = ByteBuffer.wrap(data);
                        while (b.hasRemaining()) {
                            pair.out().write(b);
                        }
                        ((java.nio.channels.Channel) pair.out()).close();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                boolean inOrder = true;
                while (true) {
                    int[] total = new int[1];
                    ByteBuffer[] bufs = buffers(rnd, new byte[300_000], total);
                    for (ByteBuffer b : bufs) {
                        b.limit(b.position() + Math.min(b.remaining(), 1 + rnd.nextInt(9000)));
                    }
                    int[] start = new int[bufs.length];
                    for (int i = 0; i < bufs.length; i++) {
                        start[i] = bufs[i].position();
                    }
                    long n = pair.in().read(bufs);
                    if (n < 0) {
                        break;
                    }
                    long seen = 0;
                    for (int i = 0; i < bufs.length; i++) {
                        int k = bufs[i].position() - start[i];
                        for (int j = 0; j < k; j++) {
                            got.write(bufs[i].get(start[i] + j));
                        }
                        seen += k;
                        if (k > 0 && i > 0 && bufs[i - 1].hasRemaining()) {
                            inOrder = false; // a buffer takes bytes only once the one before it is full
                        }
                    }
                    inOrder &= seen == n;
                }
                writer.join();
                trace.add("round " + round + ": received " + got.size() + " of " + data.length + ", equal "
                        + Arrays.equals(got.toByteArray(), data) + ", filled in order " + inOrder);
            }
        }
        return trace;
    }
}

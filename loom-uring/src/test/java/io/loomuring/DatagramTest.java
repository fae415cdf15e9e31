package io.loomuring;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** UDP round trips with addresses, on both backends. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatagramTest {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @ParameterizedTest
    @EnumSource(Backend.class)
    void roundTripsCarryPayloadsAndSenderAddresses(Backend b) throws Exception {
        try (UringDatagramSocket server = b.openDatagram(LOOPBACK); UringDatagramSocket client = b.openDatagram(LOOPBACK)) {
            Thread echo = Thread.ofVirtual().start(() -> {
                try {
                    ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
                    for (int i = 0; i < 200; i++) {
                        SocketAddress from = server.receive(buf.clear());
                        server.send(buf.flip(), from);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            SplittableRandom r = new SplittableRandom(1);
            for (int i = 0; i < 200; i++) {
                byte[] p = new byte[1 + r.nextInt(i % 2 == 0 ? 100 : 60_000)];
                r.nextBytes(p);
                client.send(ByteBuffer.wrap(p), server.localAddress());
                ByteBuffer back = (i & 1) == 0 ? ByteBuffer.allocate(65_536) : ByteBuffer.allocateDirect(65_536);
                SocketAddress from = client.receive(back);
                assertEquals(server.localAddress(), from, "sender address");
                back.flip();
                byte[] got = new byte[back.remaining()];
                back.get(got);
                assertArrayEquals(p, got);
            }
            echo.join();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void connectedSocketsReadAndWriteAndTruncateLongDatagrams(Backend b) throws Exception {
        try (UringDatagramSocket a = b.openDatagram(LOOPBACK); UringDatagramSocket c = b.openDatagram(LOOPBACK)) {
            a.connect(c.localAddress());
            c.connect(a.localAddress());
            a.write(ByteBuffer.wrap("hello".getBytes()));
            ByteBuffer got = ByteBuffer.allocate(16);
            assertEquals(5, c.read(got));
            assertEquals("hello", new String(got.array(), 0, 5));
            c.write(ByteBuffer.wrap(new byte[100]));
            ByteBuffer small = ByteBuffer.allocate(10);
            assertEquals(10, a.read(small), "the excess of a long datagram is discarded");
        }
    }
}

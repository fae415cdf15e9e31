package io.loomuring;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** File ↔ socket transfers (splice on io_uring) move exactly the requested range, on both backends. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TransferToTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void transferToSendsTheRequestedRangeByteForByte(Backend b) throws Exception {
        byte[] data = FileRoundTripTest.random(10 << 20, 17);
        Path p = Files.write(dir.resolve("src"), data);
        try (UringServerSocket server = b.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             UringFile f = b.openFile(p, StandardOpenOption.READ)) {
            UringSocket c = b.connect(server.localAddress());
            UringSocket peer = server.accept();
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try {
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
                    while (peer.read(buf.clear()) > 0) {
                        all.write(buf.array(), 0, buf.position());
                    }
                    return all.toByteArray();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals(data.length, f.transferTo(0, data.length, c), "the whole file");
            assertEquals(5000, f.transferTo(1000, 5000, c), "a range");
            assertEquals(100, f.transferTo(data.length - 100, 1_000_000, c), "stops at end of file");
            assertEquals(0, f.transferTo(data.length + 5, 10, c), "past the end: nothing");
            assertThrows(IllegalArgumentException.class, () -> f.transferTo(-1, 10, c));
            c.shutdownOutput();
            byte[] got = received.get(30, TimeUnit.SECONDS);
            assertEquals(data.length + 5000 + 100, got.length);
            assertArrayEquals(data, Arrays.copyOfRange(got, 0, data.length));
            assertArrayEquals(Arrays.copyOfRange(data, 1000, 6000), Arrays.copyOfRange(got, data.length, data.length + 5000));
            assertArrayEquals(Arrays.copyOfRange(data, data.length - 100, data.length),
                    Arrays.copyOfRange(got, data.length + 5000, got.length));
            assertEquals(0, f.position(), "the file position is unchanged");
            c.close();
            peer.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void transferFromWritesTheStreamAtThePosition(Backend b) throws Exception {
        byte[] data = FileRoundTripTest.random(3 << 20, 23);
        Path p = dir.resolve("dst");
        try (UringServerSocket server = b.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             UringFile f = b.openFile(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            UringSocket c = b.connect(server.localAddress());
            UringSocket peer = server.accept();
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    peer.writeFully(ByteBuffer.wrap(data));
                    peer.shutdownOutput();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals(1000, f.transferFrom(c, 0, 1000), "exactly count, though more is coming");
            assertEquals(data.length - 1000, f.transferFrom(c, 5000, Long.MAX_VALUE), "the rest, to end of stream");
            assertEquals(0, f.transferFrom(c, 0, 10), "at end of stream: nothing");
            assertThrows(IllegalArgumentException.class, () -> f.transferFrom(c, -1, 10));
            sender.join();
            byte[] got = Files.readAllBytes(p);
            assertEquals(5000 + data.length - 1000, got.length);
            assertArrayEquals(Arrays.copyOfRange(data, 0, 1000), Arrays.copyOfRange(got, 0, 1000));
            assertArrayEquals(new byte[4000], Arrays.copyOfRange(got, 1000, 5000), "the hole stays zero");
            assertArrayEquals(Arrays.copyOfRange(data, 1000, data.length), Arrays.copyOfRange(got, 5000, got.length));
            assertEquals(0, f.position(), "the file position is unchanged");
            c.close();
            peer.close();
        }
        try (UringFile ro = b.openFile(p, StandardOpenOption.READ);
             UringServerSocket server = b.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             UringSocket c = b.connect(server.localAddress())) {
            assertThrows(java.nio.channels.NonWritableChannelException.class, () -> ro.transferFrom(c, 0, 10));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void transferFromIntoAnAppendFileAppends(Backend b) throws Exception {
        Path p = Files.write(dir.resolve("log"), "head;".getBytes());
        try (UringServerSocket server = b.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             UringFile f = b.openFile(p, StandardOpenOption.APPEND)) {
            UringSocket c = b.connect(server.localAddress());
            UringSocket peer = server.accept();
            peer.writeFully(ByteBuffer.wrap("tail".getBytes()));
            peer.shutdownOutput();
            assertEquals(4, f.transferFrom(c, 0, 100));
            assertEquals("head;tail", Files.readString(p));
            c.close();
            peer.close();
        }
    }
}

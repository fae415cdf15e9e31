package io.loomuring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * loom-uring's JFR events read back from a recording file: socket reads and writes with the peer
 * and byte counts (end of stream too), file reads and writes with the path, the 20 ms default
 * threshold leaving fast operations out, and the periodic ring statistics.
 */
class JfrEventsTest {
    @TempDir
    Path dir;

    static List<RecordedEvent> named(List<RecordedEvent> all, String name) {
        return all.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }

    @Test
    void socketAndFileOperationsAndRingsAreRecorded() throws Exception {
        Path jfr = dir.resolve("rec.jfr");
        Path file = dir.resolve("data");
        int port;
        // The periodic ring statistics are registered with the shared rings: a recording started
        // before they exist gets them only once JFR's periodic timer next wakes, about a second
        // later (docs/design/jfr.md), longer than this test's window.
        LoomUring.pollers();
        try (Recording r = new Recording()) {
            r.enable("io.loomuring.SocketRead").withThreshold(Duration.ZERO);
            r.enable("io.loomuring.SocketWrite").withThreshold(Duration.ZERO);
            r.enable("io.loomuring.FileRead").withThreshold(Duration.ZERO);
            r.enable("io.loomuring.FileWrite").withThreshold(Duration.ZERO);
            r.enable("io.loomuring.RingStatistics").withPeriod(Duration.ofMillis(100));
            for (String other : List.of("SocketAccept", "SocketConnect", "FileOpen", "FileForce", "FileTransfer")) {
                r.enable("io.loomuring." + other).withThreshold(Duration.ZERO);
            }
            r.start();
            try (UringServerSocket server = Backend.URING.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                port = ((InetSocketAddress) server.localAddress()).getPort();
                Thread peer = Thread.ofVirtual().start(() -> {
                    try (UringSocket s = server.accept()) {
                        s.writeFully(ByteBuffer.wrap(new byte[7]));
                        s.write(new byte[11], 0, 11); // the array paths ask for their events themselves
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                try (UringSocket c = Backend.URING.connect(server.localAddress())) {
                    ByteBuffer b = ByteBuffer.allocate(7);
                    c.readFully(b);
                    byte[] a = new byte[11];
                    for (int got = 0; got < 11; ) {
                        got += c.read(a, got, 11 - got);
                    }
                    assertEquals(-1, c.read(ByteBuffer.allocate(1)));
                }
                peer.join();
            }
            try (UringFile f = Backend.URING.openFile(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                f.writeFully(ByteBuffer.wrap(new byte[5000]), 0);
                f.readFully(ByteBuffer.allocate(5000), 0);
                f.position(0);
                assertEquals(3000, f.write(new ByteBuffer[] {ByteBuffer.allocateDirect(1000), ByteBuffer.allocateDirect(2000)}, 0, 2));
                f.position(0);
                assertEquals(3000, f.read(new ByteBuffer[] {ByteBuffer.allocateDirect(1000), ByteBuffer.allocateDirect(2000)}, 0, 2));
                try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                    assertEquals(4000, f.write(arena.allocate(4000), 0));
                    assertEquals(4000, f.read(arena.allocate(4000), 0));
                }
                f.force(true);
                try (UringServerSocket server = Backend.URING.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                    Thread sink = Thread.ofVirtual().start(() -> {
                        try (UringSocket s = server.accept()) {
                            s.readFully(ByteBuffer.allocate(5000));
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    });
                    try (UringSocket c = Backend.URING.connect(server.localAddress())) {
                        assertEquals(5000, f.transferTo(0, 5000, c));
                    }
                    sink.join();
                }
            }
            Thread.sleep(300); // a few periods of the ring statistics
            r.stop();
            r.dump(jfr);
        }
        List<RecordedEvent> all = RecordingFile.readAllEvents(jfr);

        List<RecordedEvent> reads = named(all, "io.loomuring.SocketRead");
        assertTrue(reads.stream().anyMatch(e -> e.getInt("port") == port && e.getLong("bytesRead") == 7
                && e.getString("address").equals("127.0.0.1") && !e.getBoolean("endOfStream")), reads.toString());
        assertTrue(reads.stream().anyMatch(e -> e.getInt("port") == port && e.getBoolean("endOfStream")), reads.toString());
        assertTrue(named(all, "io.loomuring.SocketWrite").stream().anyMatch(e -> e.getLong("bytesWritten") == 7),
                named(all, "io.loomuring.SocketWrite").toString());
        assertTrue(named(all, "io.loomuring.SocketWrite").stream().anyMatch(e -> e.getLong("bytesWritten") == 11),
                "an array write: " + named(all, "io.loomuring.SocketWrite"));
        assertTrue(reads.stream().anyMatch(e -> e.getInt("port") == port && e.getLong("bytesRead") > 0
                && e.getLong("bytesRead") <= 11 && e.getLong("bytesRead") != 7), "an array read: " + reads);
        assertTrue(named(all, "io.loomuring.FileWrite").stream().anyMatch(e -> e.getString("path").equals(file.toString())
                && e.getLong("bytesWritten") == 5000), named(all, "io.loomuring.FileWrite").toString());
        assertTrue(named(all, "io.loomuring.FileRead").stream().anyMatch(e -> e.getString("path").equals(file.toString())
                && e.getLong("bytesRead") == 5000), named(all, "io.loomuring.FileRead").toString());
        for (long vectoredOrSegment : new long[] {3000, 4000}) {
            assertTrue(named(all, "io.loomuring.FileWrite").stream().anyMatch(e -> e.getLong("bytesWritten") == vectoredOrSegment),
                    "a write of " + vectoredOrSegment + ": " + named(all, "io.loomuring.FileWrite"));
            assertTrue(named(all, "io.loomuring.FileRead").stream().anyMatch(e -> e.getLong("bytesRead") == vectoredOrSegment),
                    "a read of " + vectoredOrSegment + ": " + named(all, "io.loomuring.FileRead"));
        }
        assertTrue(named(all, "io.loomuring.SocketAccept").stream().anyMatch(e -> e.getString("address").equals("127.0.0.1")),
                named(all, "io.loomuring.SocketAccept").toString());
        assertTrue(named(all, "io.loomuring.SocketConnect").stream().anyMatch(e -> e.getInt("port") == port),
                named(all, "io.loomuring.SocketConnect").toString());
        assertTrue(named(all, "io.loomuring.FileOpen").stream().anyMatch(e -> e.getString("path").equals(file.toString())),
                named(all, "io.loomuring.FileOpen").toString());
        assertTrue(named(all, "io.loomuring.FileForce").stream().anyMatch(e -> e.getBoolean("metaData")),
                named(all, "io.loomuring.FileForce").toString());
        assertTrue(named(all, "io.loomuring.FileTransfer").stream().anyMatch(e -> e.getBoolean("toSocket") && e.getLong("bytes") == 5000),
                named(all, "io.loomuring.FileTransfer").toString());
        List<RecordedEvent> rings = named(all, "io.loomuring.RingStatistics");
        assertTrue(rings.stream().anyMatch(e -> e.getString("ring").startsWith("shared ring") && e.getLong("submitted") > 0),
                rings.toString());
    }

    @Test
    void theDefaultThresholdKeepsFastOperationsOutAndSlowOnesIn() throws Exception {
        Path jfr = dir.resolve("threshold.jfr");
        try (Recording r = new Recording()) {
            r.enable("io.loomuring.SocketRead"); // the event's own threshold: 20 ms
            r.enable("io.loomuring.FileWrite");
            r.start();
            try (UringFile f = Backend.URING.openFile(dir.resolve("fast"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                f.writeFully(ByteBuffer.wrap(new byte[10]), 0); // well under 20 ms
            }
            try (UringServerSocket server = Backend.URING.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                Thread peer = Thread.ofVirtual().start(() -> {
                    try (UringSocket s = server.accept()) {
                        Thread.sleep(100); // the read waits this long
                        s.writeFully(ByteBuffer.wrap(new byte[3]));
                    } catch (IOException | InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                });
                try (UringSocket c = Backend.URING.connect(server.localAddress())) {
                    c.readFully(ByteBuffer.allocate(3));
                }
                peer.join();
            }
            r.stop();
            r.dump(jfr);
        }
        List<RecordedEvent> all = RecordingFile.readAllEvents(jfr);
        assertFalse(named(all, "io.loomuring.FileWrite").stream().anyMatch(e -> e.getLong("bytesWritten") == 10),
                "a 10-byte write recorded under a 20 ms threshold");
        assertTrue(named(all, "io.loomuring.SocketRead").stream().anyMatch(e -> e.getLong("bytesRead") == 3
                && e.getDuration().toMillis() >= 20), named(all, "io.loomuring.SocketRead").toString());
    }
}

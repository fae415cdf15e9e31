package io.loomuring;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The caller-side file paths (docs/design/files.md): buffered writes, creating and truncating
 * opens, an open file's status and its close are direct system calls where the ring would hand
 * them to a kernel worker — no ring submissions for them, the same bytes on disk, no descriptor
 * left open — while an interrupted writer still goes through the ring and gets the JDK's
 * {@code ClosedByInterruptException}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FilePathsTest {
    @TempDir
    Path dir;

    static long ringSubmissions() throws Exception {
        long n = LoomUring.pollers().stats().submitted();
        if (LoomUring.startedCarrierScheduler() != null) {
            n += LoomUring.startedCarrierScheduler().stats().stream().mapToLong(s -> s.ring().submitted()).sum();
        }
        return n;
    }

    static long openDescriptors() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void writesCreatingOpensStatusAndCloseStayOffTheRing() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        Path p = dir.resolve("log");
        byte[] expected = new byte[200 * 4096 + 3 * 100];
        Arrays.fill(expected, (byte) 'x');
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) ('a' + i % 26);
        }
        long fds = openDescriptors();
        long before = ringSubmissions();
        try (UringFile f = UringFile.open(p, CREATE, TRUNCATE_EXISTING, WRITE, READ)) {
            ByteBuffer direct = ByteBuffer.allocateDirect(4096);
            for (int i = 0; i < 200; i++) {
                direct.clear().put(expected, i * 4096, 4096).flip();
                assertEquals(4096, f.write(direct, (long) i * 4096));
            }
            assertEquals(200 * 4096, f.size());
        }
        try (UringFile f = UringFile.open(p, WRITE, APPEND)) {
            for (int i = 0; i < 3; i++) {
                ByteBuffer heap = ByteBuffer.wrap(expected, 200 * 4096 + i * 100, 100).slice();
                ByteBuffer[] two = {heap.slice(0, 40), heap.slice(40, 60)};
                assertEquals(100, f.write(two, 0, 2));
            }
        }
        long submitted = ringSubmissions() - before;
        assertArrayEquals(expected, Files.readAllBytes(p));
        assertEquals(fds, openDescriptors(), "descriptors after close");
        // A file system that can refuse a non-blocking write (EAGAIN) may send a few to the ring.
        assertTrue(submitted <= 10, () -> "ring submissions for 2 opens, 203 writes, a stat and 2 closes: " + submitted);
    }

    @Test
    void anInterruptedWriterClosesTheFileAsTheJdkDoes() throws Exception {
        Path p = dir.resolve("interrupted");
        try (UringFile f = UringFile.open(p, CREATE, WRITE)) {
            Throwable[] seen = new Throwable[1];
            boolean[] stillInterrupted = new boolean[1];
            Thread t = Thread.ofVirtual().start(() -> {
                Thread.currentThread().interrupt();
                try {
                    f.write(ByteBuffer.wrap(new byte[10]), 0);
                } catch (Throwable e) {
                    seen[0] = e;
                }
                stillInterrupted[0] = Thread.currentThread().isInterrupted();
            });
            t.join();
            assertEquals(ClosedByInterruptException.class, seen[0] == null ? null : seen[0].getClass(), String.valueOf(seen[0]));
            assertTrue(stillInterrupted[0], "the interrupt status stays set");
            assertFalse(f.isOpen());
            assertThrows(ClosedChannelException.class, () -> f.write(ByteBuffer.wrap(new byte[1]), 0));
        }
    }

    /**
     * A path's bytes reach the kernel as the JDK's do, on the fast path for ASCII names and the
     * encoding path for the rest: names written by the ring are the names the JDK lists.
     */
    @Test
    void asciiAndNonAsciiNamesReachTheKernelAsTheJdksDo() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        String[] names = {"plain.txt", "with space and (parens)", "caf\u00e9", "\u65e5\u672c\u8a9e", "emoji-\ud83d\ude00", "x".repeat(255)};
        for (String name : names) {
            Path p = dir.resolve(name);
            byte[] body = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (UringFile f = UringFile.open(p, CREATE, WRITE)) {
                assertEquals(body.length, f.write(ByteBuffer.wrap(body), 0));
            }
            assertArrayEquals(body, Files.readAllBytes(p), name);      // the JDK finds it by the same name
            assertArrayEquals(body, UringFiles.readAllBytes(p), name); // and so does the ring
            assertEquals(body.length, UringFiles.stat(p).size(), name);
        }
        try (var listed = Files.list(dir)) {
            assertEquals(java.util.Set.of(names), listed.map(q -> q.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }
}

package io.loomuring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link UringFile#writeAndForce}: a write and its sync in one call — on io_uring a write and a
 * force, or one linked submission with {@code -Dloomuring.file.writeSyncChain=true} — against the
 * JDK backend's write-then-force: the same bytes at the same places, the same position afterwards,
 * the same exceptions; with the property the chain is what served it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WriteAndForceTest {
    @TempDir
    Path dir;

    /**
     * The JDK backend; io_uring writing then forcing (the default); io_uring with the linked write
     * and sync ({@code -Dloomuring.file.writeSyncChain=true}, read per call).
     */
    static Stream<String> modes() {
        return Stream.of("jdk", "uring", "uring-chain");
    }

    private static final String CHAIN = "loomuring.file.writeSyncChain";

    private static Backend backend(String mode) {
        if (mode.equals("uring-chain")) {
            System.setProperty(CHAIN, "true");
        } else {
            System.clearProperty(CHAIN);
        }
        return mode.equals("jdk") ? Backend.JDK : Backend.URING;
    }

    @AfterEach
    void noChain() {
        System.clearProperty(CHAIN);
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @ParameterizedTest
    @MethodSource("modes")
    void writesAtThePositionAdvancesItAndIsServedByTheChain(String mode) throws Exception {
        Backend b = backend(mode);
        Path p = dir.resolve("f");
        byte[] one = pattern(1000, 1), two = pattern(300, 2);
        ForceStats before = ForceStats.now();
        try (UringFile f = b.openFile(p, Set.of(CREATE, WRITE, READ))) {
            f.position(100);
            ByteBuffer heap = ByteBuffer.wrap(one);
            assertEquals(1000, f.writeAndForce(heap, false));
            assertFalse(heap.hasRemaining());
            assertEquals(1100, f.position());
            ByteBuffer direct = ByteBuffer.allocateDirect(300).put(two).flip();
            assertEquals(300, f.writeAndForce(direct, true));
            assertEquals(1400, f.position());
            assertEquals(0, f.writeAndForce(ByteBuffer.allocate(0), false));
            assertEquals(1400, f.size());
        }
        byte[] want = new byte[1400];
        System.arraycopy(one, 0, want, 100, 1000);
        System.arraycopy(two, 0, want, 1100, 300);
        assertArrayEquals(want, Files.readAllBytes(p));
        long chains = ForceStats.now().chained() - before.chained();
        if (mode.equals("uring-chain")) {
            assertTrue(chains >= 2, () -> "chains: " + ForceStats.now());
        } else if (mode.equals("uring")) {
            assertEquals(0, chains, () -> "chains: " + ForceStats.now());
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void aBufferLargerThanOneWriteTakesIsWrittenWhole(String mode) throws Exception {
        Backend b = backend(mode);
        Path p = dir.resolve("big");
        byte[] big = pattern(5 << 20, 3); // larger than a pooled buffer: the chain writes a part, the rest follows
        try (UringFile f = b.openFile(p, Set.of(CREATE, WRITE))) {
            assertEquals(big.length, f.writeAndForce(ByteBuffer.wrap(big), false));
            assertEquals(big.length, f.position());
        }
        assertArrayEquals(big, Files.readAllBytes(p));
    }

    /** A database log: 8 threads appending records and committing each; every record whole, none lost. */
    @ParameterizedTest
    @MethodSource("modes")
    void appendedCommitsFromManyThreadsAreAllThere(String mode) throws Exception {
        Backend b = backend(mode);
        Path p = dir.resolve("log");
        int threads = 8, each = 50, block = 256;
        try (UringFile f = b.openFile(p, Set.of(CREATE, WRITE, APPEND))) {
            ConcurrentLinkedQueue<Throwable> faults = new ConcurrentLinkedQueue<>();
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                all.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < each; i++) {
                            byte[] rec = new byte[block];
                            Arrays.fill(rec, (byte) (id * each + i));
                            ByteBuffer buf = i % 2 == 0 ? ByteBuffer.wrap(rec) : ByteBuffer.allocateDirect(block).put(rec).flip();
                            assertEquals(block, f.writeAndForce(buf, i % 10 == 0));
                        }
                    } catch (Throwable e) {
                        faults.add(e);
                    }
                }));
            }
            for (Thread t : all) {
                t.join();
            }
            assertTrue(faults.isEmpty(), faults::toString);
        }
        byte[] got = Files.readAllBytes(p);
        assertEquals(threads * each * block, got.length);
        Set<Integer> seen = new HashSet<>();
        for (int r = 0; r < threads * each; r++) {
            byte v = got[r * block];
            for (int i = 0; i < block; i++) {
                assertEquals(v, got[r * block + i], "record " + r + " is torn");
            }
            seen.add(v & 0xff);
        }
        assertEquals(Math.min(256, threads * each), seen.size(), "every record's value appears");
    }

    /** A commit that fills the file system: the write's ENOSPC, no sync reported as done, what fitted kept. */
    @ParameterizedTest
    @MethodSource("modes")
    void aCommitThatFillsTheFileSystemFailsWithENOSPC(String mode) throws Exception {
        Backend b = backend(mode);
        Path mnt = TinyTmpfs.mount(dir, "small", "256k");
        try {
            Path p = mnt.resolve("log");
            byte[] first = pattern(64 << 10, 4);
            try (UringFile f = b.openFile(p, Set.of(CREATE, WRITE, APPEND))) {
                assertEquals(first.length, f.writeAndForce(ByteBuffer.wrap(first), false));
                ByteBuffer more = ByteBuffer.allocateDirect(512 << 10); // cut short by the full file system
                IOException e = assertThrows(IOException.class, () -> f.writeAndForce(more, false));
                assertTrue(e.getMessage().contains(b == Backend.URING ? "ENOSPC" : "No space left on device"), e.toString());
            }
            byte[] back = Files.readAllBytes(p);
            assertArrayEquals(first, Arrays.copyOf(back, first.length), "the commit before the file system filled");
        } finally {
            TinyTmpfs.unmount(mnt);
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void notWritableOrClosedFailsAsWriteDoes(String mode) throws Exception {
        Backend b = backend(mode);
        Path p = dir.resolve("ro");
        Files.write(p, new byte[10]);
        try (UringFile f = b.openFile(p, Set.of(READ))) {
            assertThrows(NonWritableChannelException.class, () -> f.writeAndForce(ByteBuffer.allocate(4), false));
        }
        UringFile f = b.openFile(p, Set.of(WRITE));
        f.close();
        assertThrows(ClosedChannelException.class, () -> f.writeAndForce(ByteBuffer.allocate(4), false));
        assertArrayEquals(new byte[10], Files.readAllBytes(p));
    }

    @ParameterizedTest
    @MethodSource("modes")
    void anInterruptedThreadClosesTheFileAsForceDoes(String mode) throws Exception {
        Backend b = backend(mode);
        Path p = dir.resolve("int");
        UringFile f = b.openFile(p, Set.of(CREATE, WRITE));
        Throwable[] got = new Throwable[1];
        Thread t = Thread.ofVirtual().unstarted(() -> {
            Thread.currentThread().interrupt();
            try {
                f.writeAndForce(ByteBuffer.wrap(new byte[64]), false);
            } catch (IOException e) {
                got[0] = e;
            }
        });
        t.start();
        t.join();
        assertTrue(got[0] instanceof ClosedByInterruptException, () -> String.valueOf(got[0]));
        assertFalse(f.isOpen());
    }
}

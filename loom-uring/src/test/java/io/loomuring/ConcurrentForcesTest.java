package io.loomuring;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many threads forcing one file at once (a database log's commits), on both backends: every
 * write is there, forces share syncs on io_uring, and an interrupt or a close in the middle of
 * shared syncs ends every thread as {@code FileChannel} ends it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConcurrentForcesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void commitsFromManyThreadsAreAllThereAndShareSyncs(Backend b) throws Exception {
        Path p = dir.resolve("log");
        int threads = 16, each = 25, block = 512;
        ForceStats before = ForceStats.now();
        try (UringFile f = b.openFile(p, Set.of(CREATE, WRITE, READ))) {
            ConcurrentLinkedQueue<Throwable> faults = new ConcurrentLinkedQueue<>();
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                all.add(Thread.ofVirtual().start(() -> {
                    ByteBuffer rec = ByteBuffer.allocateDirect(block);
                    try {
                        for (int i = 0; i < each; i++) {
                            rec.clear();
                            while (rec.hasRemaining()) {
                                rec.put((byte) (id * each + i));
                            }
                            rec.flip();
                            f.write(rec, (long) (id * each + i) * block);
                            f.force(i % 5 == 0);
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
        byte[] want = new byte[threads * each * block];
        for (int r = 0; r < threads * each; r++) {
            Arrays.fill(want, r * block, (r + 1) * block, (byte) r);
        }
        assertArrayEquals(want, got);
        if (b == Backend.URING) {
            ForceStats d = new ForceStats(ForceStats.now().forces() - before.forces(),
                    ForceStats.now().syncs() - before.syncs(), 0);
            assertEquals(threads * each, d.forces(), d::toString);
            assertTrue(d.syncs() < d.forces(), "16 threads committing at once share syncs: " + d);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anInterruptAmongSharedForcesClosesTheFileForAll(Backend b) throws Exception {
        Path p = dir.resolve("log");
        UringFile f = b.openFile(p, Set.of(CREATE, WRITE));
        int threads = 8;
        CountDownLatch going = new CountDownLatch(threads);
        ConcurrentLinkedQueue<String> others = new ConcurrentLinkedQueue<>();
        Throwable[] first = new Throwable[1];
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            all.add(Thread.ofVirtual().start(() -> {
                ByteBuffer rec = ByteBuffer.allocateDirect(256);
                going.countDown();
                try {
                    while (true) {
                        rec.clear();
                        f.write(rec, id * 256L);
                        f.force(false);
                    }
                } catch (Throwable e) {
                    if (id == 0) {
                        first[0] = e;
                    } else {
                        others.add(e.getClass().getSimpleName());
                    }
                }
            }));
        }
        going.await();
        Thread.sleep(100);
        all.get(0).interrupt();
        for (Thread t : all) {
            t.join();
        }
        assertTrue(first[0] instanceof ClosedByInterruptException, String.valueOf(first[0]));
        assertFalse(f.isOpen());
        Set<String> allowed = Set.of(AsynchronousCloseException.class.getSimpleName(),
                ClosedChannelException.class.getSimpleName());
        assertTrue(allowed.containsAll(others), "the others end as FileChannel's do: " + others);
        assertEquals(threads - 1, others.size());
    }
}

package io.loomuring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link UringPipe} on both backends: data in order under many threads, end of stream, EPIPE, close and interrupt. */
class PipeTest {
    static void assumeBackend(Backend b) {
        assumeTrue(b == Backend.JDK || Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
    }

    static UringPipe open(Backend b) throws IOException {
        return b.openPipe();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void manyPipesCarryTheirBytesInOrder(Backend b) throws Exception {
        assumeBackend(b);
        int pipes = 200;
        List<Thread> threads = new ArrayList<>();
        long[] got = new long[pipes];
        long[] want = new long[pipes];
        for (int i = 0; i < pipes; i++) {
            UringPipe p = open(b);
            byte[] data = new byte[200_000 + i];
            new Random(i).nextBytes(data);
            CRC32 c = new CRC32();
            c.update(data);
            want[i] = c.getValue();
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    p.write(ByteBuffer.wrap(data));
                    p.closeSink();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }));
            threads.add(Thread.ofVirtual().start(() -> {
                CRC32 r = new CRC32();
                ByteBuffer buf = n % 2 == 0 ? ByteBuffer.allocate(7000) : ByteBuffer.allocateDirect(7000);
                try {
                    while (p.read(buf.clear()) >= 0) {
                        r.update(buf.flip());
                    }
                    p.closeSource();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
                got[n] = r.getValue();
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < pipes; i++) {
            assertEquals(want[i], got[i], "pipe " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void endOfStreamBrokenPipeAndClosedEnds(Backend b) throws Exception {
        assumeBackend(b);
        UringPipe p = open(b);
        p.write(ByteBuffer.wrap(new byte[] {1, 2}));
        p.closeSink();
        assertFalse(p.isSinkOpen());
        assertEquals(2, p.read(ByteBuffer.allocate(10)));
        assertEquals(-1, p.read(ByteBuffer.allocate(10)));
        assertThrows(ClosedChannelException.class, () -> p.write(ByteBuffer.allocate(1)));
        p.closeSource();
        assertThrows(ClosedChannelException.class, () -> p.read(ByteBuffer.allocate(1)));

        UringPipe q = open(b);
        q.closeSource();
        IOException e = assertThrows(IOException.class, () -> q.write(ByteBuffer.allocate(1)));
        assertTrue(String.valueOf(e.getMessage()).contains("Broken pipe"), e.getMessage());
        q.closeSink();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void closeAndInterruptWakeABlockedRead(Backend b) throws Exception {
        assumeBackend(b);
        assumeTrue(b == Backend.URING, "the JDK's FileChannel cannot wake a thread blocked on a pipe");
        UringPipe p = open(b);
        Throwable[] seen = new Throwable[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                p.read(ByteBuffer.allocate(4));
            } catch (Throwable x) {
                seen[0] = x;
            }
        });
        awaitParked(t);
        p.closeSource();
        t.join();
        assertInstanceOf(AsynchronousCloseException.class, seen[0]);
        p.closeSink();

        UringPipe q = open(b);
        Thread r = Thread.ofVirtual().start(() -> {
            try {
                q.read(ByteBuffer.allocate(4));
            } catch (Throwable x) {
                seen[0] = x;
            }
        });
        awaitParked(r);
        r.interrupt();
        r.join();
        assertInstanceOf(ClosedByInterruptException.class, seen[0]);
        assertFalse(q.isSourceOpen());
        q.closeSink();
    }

    static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Thread.sleep(20);
    }
}

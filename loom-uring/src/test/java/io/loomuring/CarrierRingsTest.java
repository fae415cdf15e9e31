package io.loomuring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.carrier.CarrierStats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Virtual threads on carrier rings ({@link LoomUring#carrierThreads()}), over real loopback sockets
 * and real files: data through the carriers' own rings (the counters prove it), operations started
 * on one carrier and finished after a move, foreign wake-ups (timers, platform threads), stealing
 * from a carrier held by a long computation, interrupt, close and timeout from other threads, and
 * I/O from a class initializer and from inside {@code synchronized}. The test JVM runs with
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}; without it see {@code CarrierRingsFallbackTest}.
 */
class CarrierRingsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void carrierRingsAvailable() {
        assumeTrue(LoomUring.carrierScheduler() != null, () -> "carrier rings unavailable: " + LoomUring.carrierRingsUnavailable());
    }

    static long carrierCompleted() {
        return LoomUring.carrierScheduler().stats().stream().mapToLong(s -> s.ring().completed()).sum();
    }

    static <T> T onCarrier(java.util.concurrent.Callable<T> body) throws Exception {
        try (ExecutorService ex = LoomUring.newCarrierThreadPerTaskExecutor()) {
            return ex.submit(body).get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void carrierThreadsAreOnCarrierRingsAndSoAreTheirChildren() throws Exception {
        assertNotNull(onCarrier(CarrierScheduler::currentRing));
        assertNotNull(onCarrier(() -> {
            Object[] child = new Object[1];
            Thread t = Thread.ofVirtual().start(() -> child[0] = CarrierScheduler.currentRing());
            t.join();
            return child[0];
        }));
        assertNull(CarrierScheduler.currentRing(), "a platform thread has no carrier ring");
        Object[] plain = new Object[1];
        Thread.ofVirtual().start(() -> plain[0] = CarrierScheduler.currentRing()).join();
        assertNull(plain[0], "the JDK's virtual threads have none");
    }

    /** Accepts on a virtual thread of {@code ex} and echoes each connection on a virtual thread of its own. */
    static void echoEveryConnection(ExecutorService ex, UringServerSocket server) {
        ex.submit(() -> {
            while (true) {
                UringSocket s = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        ByteBuffer b = ByteBuffer.allocate(256);
                        while (s.read(b.clear()) > 0) {
                            s.write(b.flip());
                        }
                    } catch (IOException e) {
                        // the client went away
                    }
                });
            }
        });
    }

    @Test
    void echoAtAThousandConnectionsGoesThroughTheCarriersRings() throws Exception {
        long before = carrierCompleted();
        int clients = 1000, rounds = 20;
        try (UringServerSocket server = UringServerSocket.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2048,
                java.util.Map.of());
             ExecutorService ex = LoomUring.newCarrierThreadPerTaskExecutor()) {
            echoEveryConnection(ex, server);
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int seed = i;
                results.add(ex.submit(() -> {
                    try (UringSocket c = UringSocket.connect(server.localAddress())) {
                        Random r = new Random(seed);
                        CRC32 sent = new CRC32(), got = new CRC32();
                        for (int k = 0; k < rounds; k++) {
                            byte[] msg = new byte[1 + r.nextInt(200)];
                            r.nextBytes(msg);
                            sent.update(msg);
                            c.write(ByteBuffer.wrap(msg));
                            ByteBuffer in = ByteBuffer.allocateDirect(msg.length);
                            c.readFully(in);
                            got.update(in.flip());
                        }
                        return sent.getValue() == got.getValue() ? 1L : 0L;
                    }
                }));
            }
            long ok = 0;
            for (Future<Long> f : results) {
                ok += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(clients, ok, "every connection's bytes came back intact");
            ex.shutdownNow();
        }
        // each round trip is at least a write and a read on each side
        assertTrue(carrierCompleted() - before >= 4L * clients * rounds,
                "operations completed on the carriers' rings: " + (carrierCompleted() - before));
    }

    /**
     * Opens, path operations, closes, connect and the multishot accept of a carrier-ring virtual
     * thread go into its carrier's ring: the shared ring threads see none of them.
     */
    @Test
    void opensPathOperationsClosesAndMultishotAcceptStayOnTheCarriersRings() throws Exception {
        try (UringServerSocket server = UringServerSocket.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            long carrierBefore = carrierCompleted();
            String seen = onCarrier(() -> {
                long sharedBefore = LoomUring.pollers().stats().submitted();
                Path d = UringFiles.createDirectory(dir.resolve("d"));
                Path p = d.resolve("x.txt");
                try (UringFile f = UringFile.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    f.write(ByteBuffer.wrap("carrier".getBytes()), 0);
                }
                long size = UringFiles.stat(p).size();
                UringFiles.move(p, d.resolve("y.txt"));
                UringFiles.delete(d.resolve("y.txt"));
                UringFiles.delete(d);
                byte got;
                try (UringSocket c = UringSocket.connect(server.localAddress());
                     UringSocket a = server.accept()) {           // multishot accept, armed from this carrier
                    c.write(ByteBuffer.wrap(new byte[] {9}));
                    ByteBuffer b = ByteBuffer.allocate(1);
                    a.read(b);
                    got = b.get(0);
                }
                long shared = LoomUring.pollers().stats().submitted() - sharedBefore;
                return size + " " + got + " shared=" + shared;
            });
            assertEquals("7 9 shared=0", seen, "every operation went to a carrier ring");
            assertTrue(carrierCompleted() - carrierBefore >= 10, "on the carriers: " + (carrierCompleted() - carrierBefore));
        }
    }

    @Test
    void filesReadAndWriteThroughTheCarriersRings() throws Exception {
        Path p = dir.resolve("f.bin");
        byte[] data = new byte[1 << 20];
        new Random(1).nextBytes(data);
        long before = carrierCompleted();
        try (ExecutorService ex = LoomUring.newCarrierThreadPerTaskExecutor()) {
            ex.submit(() -> {
                try (UringFile f = UringFile.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    f.write(ByteBuffer.wrap(data), 0);
                    f.force(true);
                }
                return null;
            }).get();
            List<Future<Boolean>> reads = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int at = i * 16384;
                reads.add(ex.submit(() -> {
                    try (UringFile f = UringFile.open(p, StandardOpenOption.READ)) {
                        ByteBuffer b = ByteBuffer.allocate(16384);
                        f.read(b, at);
                        return java.util.Arrays.equals(b.array(), java.util.Arrays.copyOfRange(data, at, at + 16384));
                    }
                }));
            }
            for (Future<Boolean> f : reads) {
                assertTrue(f.get(60, TimeUnit.SECONDS));
            }
        }
        assertTrue(carrierCompleted() > before, "file operations on the carriers' rings");
    }

    @Test
    void foreignWakeUpsReachSleepingCarriers() throws Exception {
        // Thread.sleep and timed parks are ended by the JDK's timer thread; unparks here by a platform thread.
        int n = 2000;
        AtomicLong done = new AtomicLong();
        List<Thread> parked = new ArrayList<>();
        try (ExecutorService ex = LoomUring.newCarrierThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int k = i;
                ex.submit(() -> {
                    if (k % 2 == 0) {
                        Thread.sleep(1 + k % 20);
                    } else {
                        synchronized (parked) {
                            parked.add(Thread.currentThread());
                        }
                        java.util.concurrent.locks.LockSupport.park();
                    }
                    done.incrementAndGet();
                    return null;
                });
            }
            Thread unparker = Thread.ofPlatform().start(() -> {
                int woken = 0;
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (woken < n / 2 && System.nanoTime() < deadline) {
                    List<Thread> batch;
                    synchronized (parked) {
                        batch = new ArrayList<>(parked);
                        parked.clear();
                    }
                    for (Thread t : batch) {
                        while (t.getState() != Thread.State.WAITING && t.isAlive()) {
                            Thread.onSpinWait();
                        }
                        java.util.concurrent.locks.LockSupport.unpark(t);
                        woken++;
                    }
                    Thread.onSpinWait();
                }
            });
            unparker.join();
        }
        assertEquals(n, done.get());
        long injected = LoomUring.carrierScheduler().stats().stream().mapToLong(CarrierStats::injected).sum();
        assertTrue(injected >= n / 2, "continuations pushed from other threads: " + injected);
    }

    @Test
    void aThreadThatThrowsReachesItsHandlerAndTheCarriersGoOn() throws Exception {
        Throwable[] caught = new Throwable[1];
        Thread t = LoomUring.carrierThreads().uncaughtExceptionHandler((th, e) -> caught[0] = e).start(() -> {
            throw new IllegalStateException("thrown on a carrier");
        });
        t.join(10_000);
        assertInstanceOf(IllegalStateException.class, caught[0]);
        Path p = dir.resolve("after.txt");
        Files.writeString(p, "still");
        assertEquals("still", onCarrier(() -> {
            try (UringFile f = UringFile.open(p, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.allocate(5);
                f.read(b, 0);
                return new String(b.array());
            }
        }));
    }

    @Test
    void aLongComputationDoesNotHoldTheOthersQueuedBehindIt() throws Exception {
        assumeTrue(LoomUring.carrierScheduler().size() >= 2, "one carrier: nothing to steal to");
        long stolenBefore = LoomUring.carrierScheduler().stats().stream().mapToLong(CarrierStats::stolen).sum();
        try (ExecutorService ex = LoomUring.newCarrierThreadPerTaskExecutor()) {
            long t0 = System.nanoTime();
            Future<?> hog = ex.submit(() -> {
                long end = System.nanoTime() + 1_500_000_000L;
                long x = 0;
                while (System.nanoTime() < end) {
                    x += Long.numberOfTrailingZeros(System.nanoTime()); // computes, never parks
                }
                return x;
            });
            List<Future<Long>> quick = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                quick.add(ex.submit(() -> {
                    Thread.sleep(1);
                    return System.nanoTime();
                }));
            }
            long last = 0;
            for (Future<Long> f : quick) {
                last = Math.max(last, f.get(30, TimeUnit.SECONDS));
            }
            assertTrue(!hog.isDone() && last - t0 < 1_200_000_000L,
                    "the short virtual threads finished while the computation held its carrier ("
                            + (last - t0) / 1_000_000 + " ms)");
            hog.get();
        }
        long stolen = LoomUring.carrierScheduler().stats().stream().mapToLong(CarrierStats::stolen).sum() - stolenBefore;
        assertTrue(stolen >= 0, "stolen: " + stolen);
    }

    @Test
    void interruptCloseAndTimeoutFromOtherThreads() throws Exception {
        try (UringServerSocket server = UringServerSocket.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            UringSocket c = UringSocket.connect(server.localAddress());
            UringSocket a = server.accept();
            Throwable[] seen = new Throwable[1];
            Thread reader = LoomUring.carrierThreads().start(() -> {
                try {
                    c.read(ByteBuffer.allocate(10));
                } catch (Throwable t) {
                    seen[0] = t;
                }
            });
            awaitWaiting(reader);
            Thread.ofPlatform().start(reader::interrupt).join(); // a foreign thread interrupts
            reader.join(10_000);
            assertInstanceOf(SocketException.class, seen[0]);
            assertTrue(!c.isOpen(), "closed by the interrupt");

            UringSocket c2 = UringSocket.connect(server.localAddress());
            UringSocket a2 = server.accept();
            Thread reader2 = LoomUring.carrierThreads().start(() -> {
                try {
                    c2.read(ByteBuffer.allocate(10));
                } catch (Throwable t) {
                    seen[0] = t;
                }
            });
            awaitWaiting(reader2);
            c2.close(); // the main (platform) thread closes under a read in a carrier's ring
            reader2.join(10_000);
            assertEquals("Socket closed", seen[0].getMessage());

            UringSocket c3 = UringSocket.connect(server.localAddress());
            UringSocket a3 = server.accept();
            Object timedOut = onCarrier(() -> {
                c3.setReadTimeout(Duration.ofMillis(50));
                try {
                    c3.read(ByteBuffer.allocate(10));
                    return "no timeout";
                } catch (SocketTimeoutException e) {
                    a3.write(ByteBuffer.wrap(new byte[] {7}));
                    ByteBuffer b = ByteBuffer.allocate(1);
                    c3.read(b); // still usable after the timeout
                    return b.get(0);
                }
            });
            assertEquals((byte) 7, timedOut);
            for (AutoCloseable x : List.of(a, a2, a3, c3)) {
                x.close();
            }
        }
    }

    static void awaitWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.getState() != Thread.State.WAITING && t.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Thread.sleep(20);
    }

    /** Reads from a socket pair while its class initializes: the carrier is pinned meanwhile. */
    static final class ReadsInItsInitializer {
        static final byte VALUE;

        static {
            try (UringServerSocket server = UringServerSocket.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                UringSocket c = UringSocket.connect(server.localAddress());
                UringSocket a = server.accept();
                writeLater(a); // not a lambda of this class: its thread must not wait for this initializer
                ByteBuffer b = ByteBuffer.allocate(1);
                c.read(b); // parks pinned: the completion needs this very carrier's ring
                VALUE = b.get(0);
                c.close();
                a.close();
            } catch (IOException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    static void writeLater(UringSocket a) {
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(50);
                a.write(ByteBuffer.wrap(new byte[] {42}));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void ioFromAClassInitializerAndFromSynchronizedDoesNotDeadlock() throws Exception {
        assertEquals((byte) 42, onCarrier(() -> ReadsInItsInitializer.VALUE));
        Object lock = new Object();
        Path p = dir.resolve("s.txt");
        Files.writeString(p, "inside");
        assertEquals("inside", onCarrier(() -> {
            synchronized (lock) {
                try (UringFile f = UringFile.open(p, StandardOpenOption.READ)) {
                    ByteBuffer b = ByteBuffer.allocate(6);
                    f.read(b, 0);
                    return new String(b.array());
                }
            }
        }));
    }

    @Test
    void descriptorsClosedWhileReadersAndWritersSitInSeveralRings() throws Exception {
        long fdsBefore = Files.list(Path.of("/proc/self/fd")).count();
        try (UringServerSocket server = UringServerSocket.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             ExecutorService ex = LoomUring.newCarrierThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                UringSocket c = UringSocket.connect(server.localAddress());
                UringSocket a = server.accept();
                List<Future<?>> sides = new ArrayList<>();
                for (int k = 0; k < 2; k++) {
                    sides.add(ex.submit(() -> { // readers, perhaps on different carriers
                        try {
                            while (c.read(ByteBuffer.allocate(100)) >= 0) {
                                // keep reading
                            }
                        } catch (IOException expected) {
                            // closed under the read
                        }
                        return null;
                    }));
                }
                sides.add(ex.submit(() -> {
                    try {
                        while (true) {
                            c.write(ByteBuffer.allocate(65536)); // fills the peer's window, then waits
                        }
                    } catch (IOException expected) {
                        // closed under the write
                    }
                    return null;
                }));
                Thread.sleep(2);
                c.close();
                for (Future<?> f : sides) {
                    f.get(10, TimeUnit.SECONDS);
                }
                a.close();
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        long after;
        do {
            after = Files.list(Path.of("/proc/self/fd")).count();
        } while (after > fdsBefore + 5 && System.nanoTime() < deadline && sleep1());
        assertTrue(after <= fdsBefore + 5, "descriptors before " + fdsBefore + ", after " + after);
    }

    static boolean sleep1() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}

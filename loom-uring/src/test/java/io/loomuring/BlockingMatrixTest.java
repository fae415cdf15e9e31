package io.loomuring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every blocking operation under the same six situations — no block, blocks then completes, timed
 * out, peer close, async close, interrupt — three ways: io_uring with the call on a JDK virtual
 * thread (the shared ring threads), io_uring with the call on a carrier-ring virtual thread
 * ({@link LoomUring#carrierThreads()}: its own carrier's ring), and the JDK backend. Situations that
 * do not exist for an operation (a file read has no timeout) skip with the reason.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingMatrixTest {
    @TempDir
    static Path dir;

    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    enum Situation { NO_BLOCK, BLOCKS_THEN_COMPLETES, TIMED_OUT, PEER_CLOSE, ASYNC_CLOSE, INTERRUPT }

    enum Op { SOCKET_READ, SOCKET_WRITE, ACCEPT, CONNECT, UDP_RECEIVE, FILE_READ }

    /** Where the blocking call's virtual thread runs. */
    enum Scheduler {
        SHARED, CARRIER;

        Thread.Builder threads() {
            if (this == SHARED) {
                return Thread.ofVirtual();
            }
            assumeTrue(LoomUring.carrierScheduler() != null, () -> "carrier rings unavailable: " + LoomUring.carrierRingsUnavailable());
            return LoomUring.carrierThreads();
        }
    }

    /** One blocking call on one object, with the levers the situations pull. */
    interface Subject extends AutoCloseable {
        /** The blocking call; returns a value describing the result. */
        Object call() throws Exception;

        /** Makes the pending (or next) call complete. */
        void makeReady() throws Exception;

        /** The other side goes away. */
        default void closePeer() throws Exception {
            throw new UnsupportedOperationException("no peer");
        }

        /** Closes the object the call is on. */
        void closeSelf() throws Exception;

        boolean isOpen();

        default void setTimeout(Duration d) {
            throw new UnsupportedOperationException("no timeout");
        }
    }

    /**
     * Opens what both backends open lazily on first use (the shared rings, the JDK's own poller
     * threads and their descriptors), so that the per-case descriptor count sees only leaks.
     */
    @org.junit.jupiter.api.BeforeAll
    static void warmUp() throws Exception {
        Thread.Builder carriers = LoomUring.carrierThreads(); // the carriers' rings and eventfds, opened once
        for (Backend b : Backend.values()) {
            for (Op op : new Op[] {Op.SOCKET_READ, Op.UDP_RECEIVE, Op.ACCEPT}) {
                for (Thread.Builder threads : List.of(Thread.ofVirtual(), carriers)) {
                    try (Subject sub = subject(b, op)) {
                        CompletableFuture<Object> f = start(threads, sub, false);
                        Thread.sleep(50);
                        sub.makeReady();
                        f.get(10, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> a = new ArrayList<>();
        for (Backend b : Backend.values()) {
            for (Scheduler where : b == Backend.URING ? Scheduler.values() : new Scheduler[] {Scheduler.SHARED}) {
                for (Op op : Op.values()) {
                    for (Situation s : Situation.values()) {
                        a.add(Arguments.of(b, where, op, s));
                    }
                }
            }
        }
        return a.stream();
    }

    static Subject subject(Backend b, Op op) throws Exception {
        return switch (op) {
            case SOCKET_READ, SOCKET_WRITE -> {
                UringServerSocket server = b.listen(LOOPBACK);
                UringSocket c = b.connect(server.localAddress());
                UringSocket peer = server.accept();
                server.close();
                if (op == Op.SOCKET_READ) {
                    yield new Subject() {
                        public Object call() throws Exception { return c.read(ByteBuffer.allocate(16)); }
                        public void makeReady() throws Exception { peer.write(new byte[] {1}, 0, 1); }
                        public void closePeer() throws Exception { peer.close(); }
                        public void closeSelf() throws Exception { c.close(); }
                        public boolean isOpen() { return c.isOpen(); }
                        public void setTimeout(Duration d) { c.setReadTimeout(d); }
                        public void close() throws Exception { c.close(); peer.close(); }
                    };
                }
                byte[] big = new byte[32 << 20]; // far more than both socket buffers hold on loopback
                yield new Subject() {
                    public Object call() throws Exception { return c.write(big, 0, big.length); }
                    public void makeReady() {
                        Thread.ofVirtual().start(() -> {
                            try {
                                ByteBuffer sink = ByteBuffer.allocate(1 << 16);
                                long got = 0;
                                while (got < big.length) {
                                    got += peer.read(sink.clear());
                                }
                            } catch (IOException e) {
                                // the matrix closed it
                            }
                        });
                    }
                    public void closePeer() throws Exception { peer.close(); }
                    public void closeSelf() throws Exception { c.close(); }
                    public boolean isOpen() { return c.isOpen(); }
                    public void close() throws Exception { c.close(); peer.close(); }
                };
            }
            case ACCEPT -> {
                UringServerSocket server = b.listen(LOOPBACK);
                List<UringSocket> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
                yield new Subject() {
                    public Object call() throws Exception {
                        UringSocket s = server.accept(timeout);
                        clients.add(s);
                        return s.remoteAddress();
                    }
                    Duration timeout = Duration.ZERO;
                    public void makeReady() throws Exception { clients.add(b.connect(server.localAddress())); }
                    public void closeSelf() throws Exception { server.close(); }
                    public boolean isOpen() { return server.isOpen(); }
                    public void setTimeout(Duration d) { timeout = d; }
                    public void close() throws Exception {
                        server.close();
                        for (UringSocket s : clients) {
                            s.close();
                        }
                    }
                };
            }
            case CONNECT -> {
                // A listener whose accept queue is full drops new SYNs: connect then blocks.
                UringServerSocket server = b.listen(LOOPBACK, 1, Map.of());
                List<UringSocket> fill = new java.util.concurrent.CopyOnWriteArrayList<>();
                for (int i = 0; i < 2; i++) {
                    fill.add(b.connect(server.localAddress(), Duration.ofSeconds(5)));
                }
                SocketAddress at = server.localAddress();
                UringSocket[] made = new UringSocket[1];
                yield new Subject() {
                    Duration timeout = Duration.ZERO;
                    Thread caller;
                    public Object call() throws Exception {
                        caller = Thread.currentThread();
                        made[0] = b.connect(at, timeout);
                        return made[0].remoteAddress();
                    }
                    Thread acceptor;
                    public void makeReady() throws Exception {
                        acceptor = Thread.ofVirtual().start(() -> {
                            try {
                                for (int i = 0; i < 4; i++) {
                                    fill.add(server.accept(Duration.ofSeconds(10)));
                                }
                            } catch (IOException e) {
                                // done
                            }
                        });
                    }
                    public void closeSelf() {
                        throw new UnsupportedOperationException("a connecting socket is not visible to other threads");
                    }
                    public boolean isOpen() { return true; }
                    public void setTimeout(Duration d) { timeout = d; }
                    public void close() throws Exception {
                        server.close();
                        if (acceptor != null) {
                            acceptor.join();
                        }
                        for (UringSocket s : fill) {
                            s.close();
                        }
                        if (made[0] != null) {
                            made[0].close();
                        }
                    }
                };
            }
            case UDP_RECEIVE -> {
                UringDatagramSocket rx = b.openDatagram(LOOPBACK);
                UringDatagramSocket tx = b.openDatagram(LOOPBACK);
                yield new Subject() {
                    public Object call() throws Exception { return rx.receive(ByteBuffer.allocate(64)); }
                    public void makeReady() throws Exception { tx.send(ByteBuffer.wrap(new byte[] {9}), rx.localAddress()); }
                    public void closeSelf() throws Exception { rx.close(); }
                    public boolean isOpen() { return rx.isOpen(); }
                    public void setTimeout(Duration d) { rx.setReadTimeout(d); }
                    public void close() throws Exception { rx.close(); tx.close(); }
                };
            }
            case FILE_READ -> {
                assumeTrue(b == Backend.URING, "the JDK's FileChannel cannot wake a virtual thread blocked in "
                        + "read(2) on a FIFO (its close waits forever): the situation loom-uring exists to fix");
                Path fifo = dir.resolve("fifo-" + System.nanoTime());
                assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
                UringFile f = b.openFile(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
                yield new Subject() {
                    public Object call() throws Exception { return f.read(ByteBuffer.allocate(16)); }
                    // positional: the sequential write would wait for the position lock the reader holds
                    public void makeReady() throws Exception { f.write(ByteBuffer.wrap(new byte[] {1}), 0); }
                    public void closeSelf() throws Exception { f.close(); }
                    public boolean isOpen() { return f.isOpen(); }
                    public void close() throws Exception { f.close(); }
                };
            }
        };
    }

    static CompletableFuture<Object> start(Thread.Builder threads, Subject s, boolean interruptCheck) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        threads.start(() -> {
            try {
                f.complete(s.call());
            } catch (Throwable e) {
                f.complete(interruptCheck && !Thread.currentThread().isInterrupted()
                        ? new AssertionError("interrupt status lost", e) : e);
            }
        });
        return f;
    }

    static void assertStillBlocked(CompletableFuture<Object> f) throws Exception {
        assertThrows(TimeoutException.class, () -> f.get(150, TimeUnit.MILLISECONDS), "the call blocks");
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("matrix")
    void situation(Backend b, Scheduler where, Op op, Situation s) throws Exception {
        Thread.Builder threads = where.threads();
        int fdsBefore = Fds.count();
        try (Subject sub = subject(b, op)) {
            switch (s) {
                case NO_BLOCK -> {
                    sub.makeReady();
                    Object r = start(threads, sub, false).get(10, TimeUnit.SECONDS);
                    assertFalse(r instanceof Throwable, () -> "completed: " + r);
                }
                case BLOCKS_THEN_COMPLETES -> {
                    CompletableFuture<Object> f = start(threads, sub, false);
                    assertStillBlocked(f);
                    sub.makeReady();
                    Object r = f.get(20, TimeUnit.SECONDS);
                    assertFalse(r instanceof Throwable, () -> "completed: " + r);
                }
                case TIMED_OUT -> {
                    try {
                        sub.setTimeout(Duration.ofMillis(100));
                    } catch (UnsupportedOperationException e) {
                        assumeTrue(false, op + " has no timeout: " + e.getMessage());
                    }
                    Object r = start(threads, sub, false).get(10, TimeUnit.SECONDS);
                    assertInstanceOf(SocketTimeoutException.class, r);
                    assertTrue(sub.isOpen(), "still usable after a timeout");
                    if (op != Op.CONNECT) {
                        sub.setTimeout(Duration.ofSeconds(10));
                        sub.makeReady();
                        Object again = start(threads, sub, false).get(20, TimeUnit.SECONDS);
                        assertFalse(again instanceof Throwable, () -> "usable after the timeout: " + again);
                    }
                }
                case PEER_CLOSE -> {
                    CompletableFuture<Object> f = start(threads, sub, false);
                    try {
                        sub.closePeer();
                    } catch (UnsupportedOperationException e) {
                        assumeTrue(false, op + " has no peer to close");
                    }
                    Object r = f.get(10, TimeUnit.SECONDS);
                    if (op == Op.SOCKET_READ) {
                        assertEquals(-1, r, "end of stream");
                    } else {
                        SocketException e = assertInstanceOf(SocketException.class, r);
                        assertTrue(e.getMessage().contains("Broken pipe") || e.getMessage().contains("Connection reset"),
                                e.getMessage());
                    }
                }
                case ASYNC_CLOSE -> {
                    CompletableFuture<Object> f = start(threads, sub, false);
                    assertStillBlocked(f);
                    try {
                        sub.closeSelf();
                    } catch (UnsupportedOperationException e) {
                        assumeTrue(false, e.getMessage());
                    }
                    Object r = f.get(10, TimeUnit.SECONDS);
                    if (op == Op.FILE_READ) {
                        assertInstanceOf(AsynchronousCloseException.class, r);
                    } else {
                        SocketException e = assertInstanceOf(SocketException.class, r);
                        assertEquals("Socket closed", e.getMessage());
                    }
                }
                case INTERRUPT -> {
                    CompletableFuture<Object> f = new CompletableFuture<>();
                    Thread t = threads.start(() -> {
                        try {
                            f.complete(sub.call());
                        } catch (Throwable e) {
                            f.complete(Thread.currentThread().isInterrupted() ? e
                                    : new AssertionError("interrupt status lost", e));
                        }
                    });
                    assertStillBlocked(f);
                    t.interrupt();
                    Object r = f.get(10, TimeUnit.SECONDS);
                    if (op == Op.FILE_READ) {
                        assertInstanceOf(ClosedByInterruptException.class, r);
                    } else {
                        SocketException e = assertInstanceOf(SocketException.class, r);
                        assertEquals("Closed by interrupt", e.getMessage());
                    }
                    if (op != Op.CONNECT) {
                        assertFalse(sub.isOpen(), "interrupt closed it");
                    }
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Fds.count() > fdsBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        int after = Fds.count();
        assertTrue(after <= fdsBefore, "no descriptor leaked: " + fdsBefore + " before, " + after + " after");
    }
}

package io.loomuring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import io.loomuring.poller.RingStats;

/**
 * Accept on io_uring is one multishot request shared by every accepting thread: many accepters
 * take each connection exactly once with a handful of submissions, a full queue hands the rest
 * back to the kernel's backlog, and close releases every queued connection.
 */
class MultishotAcceptTest {

    static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    @Test
    void manyAcceptersShareOneRequest() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        int accepters = 100, conns = 2000;
        try (UringServerSocket server = Backend.URING.listen(loopback(), 4096, Map.of())) {
            Set<Integer> ports = ConcurrentHashMap.newKeySet();
            CountDownLatch all = new CountDownLatch(conns);
            List<Thread> threads = new ArrayList<>();
            List<UringSocket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < accepters; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        while (true) {
                            UringSocket s = server.accept();
                            accepted.add(s);
                            assertTrue(ports.add(((InetSocketAddress) s.remoteAddress()).getPort()), "accepted twice");
                            all.countDown();
                        }
                    } catch (SocketException closed) {
                        // the server socket closed: done
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            Thread.sleep(200); // every accepter waiting
            RingStats before = LoomUring.pollers().stats();
            List<Socket> clients = new ArrayList<>();
            for (int i = 0; i < conns; i++) {
                clients.add(new Socket(InetAddress.getLoopbackAddress(), ((InetSocketAddress) server.localAddress()).getPort()));
            }
            all.await();
            long submitted = LoomUring.pollers().stats().since(before).submitted();
            assertEquals(conns, ports.size());
            assertTrue(submitted < conns / 10, "one multishot request, not one per connection: " + submitted + " submissions");
            server.close();
            for (Thread t : threads) {
                t.join();
            }
            for (UringSocket s : accepted) {
                s.close();
            }
            for (Socket c : clients) {
                c.close();
            }
        }
    }

    /** Arms the multishot request with an accept that returns a connection; that connection's two ends. */
    private static List<AutoCloseable> armWithOneConnection(UringServerSocket server) throws Exception {
        Socket first = new Socket(InetAddress.getLoopbackAddress(), ((InetSocketAddress) server.localAddress()).getPort());
        return List.of(first, server.accept());
    }

    @Test
    void closeReleasesQueuedConnectionsAndWakesAccepters() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        int fdsBefore = Fds.count();
        UringServerSocket server = Backend.URING.listen(loopback(), 16, Map.of());
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        List<AutoCloseable> first = armWithOneConnection(server);
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // more than the queue's bound (16): the rest wait in the kernel's backlog (16)
            clients.add(new Socket(InetAddress.getLoopbackAddress(), port));
        }
        Thread.sleep(200);
        server.close();
        assertThrows(SocketException.class, server::accept);
        for (Socket c : clients) {
            c.setSoTimeout(5000);
            int r;
            try {
                r = c.getInputStream().read();
            } catch (SocketException reset) {
                r = -1;
            }
            assertEquals(-1, r, "a queued connection is closed, never left open");
            c.close();
        }
        for (AutoCloseable c : first) {
            c.close();
        }
        long deadline = System.nanoTime() + 10_000_000_000L; // the fd itself is closed by the multishot request's last CQE
        while (Fds.count() > fdsBefore && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(Fds.count() <= fdsBefore, "no descriptor left behind: " + Fds.count() + " > " + fdsBefore);
    }

    /**
     * Connects up to {@code n} clients (500 ms each, until one times out) from a platform thread, as
     * another program would (a loop of connects that never parks would hold the test's carrier,
     * whose ring takes the connections); how many connected.
     */
    private static int connectUntilFull(UringServerSocket server, int n, List<Socket> clients) throws Exception {
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    Socket c = new Socket();
                    clients.add(c);
                    c.connect(server.localAddress(), 500); // times out once the kernel's backlog is full too
                }
            } catch (java.net.SocketTimeoutException full) {
                // the bound at work
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        t.join();
        return (int) clients.stream().filter(Socket::isConnected).count();
    }

    @Test
    void aFullQueueLeavesConnectionsToTheKernelBacklog() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        try (UringServerSocket server = Backend.URING.listen(loopback(), 16, Map.of())) {
            List<AutoCloseable> first = armWithOneConnection(server);
            List<Socket> clients = new ArrayList<>();
            int connected = connectUntilFull(server, 200, clients);
            // 16 queued, 17 in the kernel's backlog, and what the kernel accepted before the cancel took effect
            assertTrue(connected < 100, "accepting stops at the queue's bound, not at 200: " + connected);
            for (Socket c : clients) {
                c.close();
            }
            for (AutoCloseable c : first) {
                c.close();
            }
        }
    }

    @Test
    void nobodyAcceptingAfterATimeoutLeavesConnectionsToTheKernelBacklog() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        try (UringServerSocket server = Backend.URING.listen(loopback(), 16, Map.of())) {
            assertThrows(java.net.SocketTimeoutException.class, () -> server.accept(java.time.Duration.ofMillis(50)));
            List<Socket> clients = new ArrayList<>();
            int connected = connectUntilFull(server, 60, clients);
            // as on the JDK: the kernel's backlog (backlog + 1), nothing taken by a request nobody waits on
            assertTrue(connected <= 20, "connections wait in the kernel's backlog once the accept timed out: " + connected);
            try (UringSocket s = server.accept(java.time.Duration.ofSeconds(5))) {
                assertTrue(s.remoteAddress() != null, "the next accept takes a connection from the backlog");
            }
            for (Socket c : clients) {
                c.close();
            }
        }
    }
}

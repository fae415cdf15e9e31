package io.loomuring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * 10,000 simultaneous connections: a server process with a virtual thread blocked in a read on
 * each, a client process holding all of them open at once, then one message through every one.
 * Server and client are separate JVMs so that each needs about 10,000 descriptors, under the
 * usual 20,000 limit (which even root may be unable to raise in a container); the test skips,
 * saying why, when one process may not hold 10,100 descriptors.
 */
class ManyConnectionsTest {
    static final int N = 10_000;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            server();
        } else {
            client(Integer.parseInt(args[1]));
        }
    }

    static void server() throws Exception {
        try (UringServerSocket server = UringServerSocket.open(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096, java.util.Map.of())) {
            System.out.println("PORT " + ((InetSocketAddress) server.localAddress()).getPort());
            CountDownLatch served = new CountDownLatch(N);
            AtomicInteger errors = new AtomicInteger();
            for (int i = 0; i < N; i++) {
                UringSocket s = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        ByteBuffer b = ByteBuffer.allocate(8);   // blocks until the client speaks
                        s.readFully(b);
                        s.write(b.flip());
                        s.read(ByteBuffer.allocate(1));          // until the client closes
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } finally {
                        served.countDown();
                    }
                });
            }
            System.out.println("ACCEPTED " + N);
            System.out.flush();
            served.await(120, TimeUnit.SECONDS);
            System.out.println("SERVED " + (N - served.getCount()) + " ERRORS " + errors.get());
        }
    }

    static void client(int port) throws Exception {
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        List<UringSocket> clients = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            clients.add(UringSocket.connect(at));
        }
        System.out.println("CONNECTED " + clients.size());
        AtomicInteger echoed = new AtomicInteger(), errors = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            UringSocket c = clients.get(i);
            long id = i;
            ts.add(Thread.ofVirtual().start(() -> {
                try {
                    c.write(ByteBuffer.allocate(8).putLong(0, id));
                    ByteBuffer back = ByteBuffer.allocate(8);
                    c.readFully(back);
                    if (back.getLong(0) == id) {
                        echoed.incrementAndGet();
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        for (UringSocket c : clients) {
            c.close();
        }
        System.out.println("ECHOED " + echoed.get() + " ERRORS " + errors.get());
    }

    static Process child(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ManyConnectionsTest.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void tenThousandSimultaneousConnections() throws Exception {
        Process probe = new ProcessBuilder("bash", "-c", "ulimit -n").start();
        long limit = Long.parseLong(new String(probe.getInputStream().readAllBytes()).strip().replace("unlimited", "1000000"));
        assumeTrue(limit >= N + 100, "one process may hold only " + limit + " descriptors; each side needs "
                + (N + 100));
        Process server = child("server");
        BufferedReader sout = new BufferedReader(new InputStreamReader(server.getInputStream()));
        String first = sout.readLine();
        assertTrue(first != null && first.startsWith("PORT "), "server said: " + first);
        CompletableFuture<String> serverRest = CompletableFuture.supplyAsync(() -> {
            StringBuilder b = new StringBuilder();
            sout.lines().forEach(l -> b.append(l).append('\n'));
            return b.toString();
        });
        Process client = child("client", first.substring(5));
        String cout = new String(client.getInputStream().readAllBytes());
        assertTrue(client.waitFor(180, TimeUnit.SECONDS), cout);
        assertTrue(server.waitFor(60, TimeUnit.SECONDS));
        String sall = serverRest.get(10, TimeUnit.SECONDS);
        assertEquals(0, client.exitValue(), cout);
        assertTrue(cout.contains("CONNECTED " + N), cout);
        assertTrue(cout.contains("ECHOED " + N + " ERRORS 0"), cout);
        assertTrue(sall.contains("ACCEPTED " + N), sall);
        assertTrue(sall.contains("SERVED " + N + " ERRORS 0"), sall);
    }
}

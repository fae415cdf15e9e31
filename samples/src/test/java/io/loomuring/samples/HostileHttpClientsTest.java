package io.loomuring.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.loomuring.Backend;

/**
 * The HTTP sample against slow and hostile clients, with the idle and request timeouts at 1 s:
 * a head trickled a byte at a time, a body that never ends, an idle keep-alive connection, 2,000
 * connections that never send a byte, and seeded random bytes on 300 connections at once. Each is
 * bounded (408, 400 or a close), the server answers others meanwhile, and serves after.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileHttpClientsTest {
    @TempDir
    Path root;

    static final byte[] HELLO_REQUEST = "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What the server sent until it closed (a reset after the response counts as the close). */
    static String untilClosed(Socket c) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = c.getInputStream();
        byte[] b = new byte[4096];
        try {
            for (int n; (n = in.read(b)) > 0; ) {
                got.write(b, 0, n);
            }
        } catch (SocketException e) {
            // reset: the server closed with bytes of ours unread
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    static Socket connect(int port) throws IOException {
        Socket c = new Socket(InetAddress.getLoopbackAddress(), port);
        c.setSoTimeout(15_000); // a server that never closes fails the test instead of hanging it
        return c;
    }

    /** One {@code GET /hello} on a new connection: the server still answers. */
    static void helloWorks(int port) throws IOException {
        try (Socket c = connect(port)) {
            c.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String r = untilClosed(c);
            assertTrue(r.startsWith("HTTP/1.1 200 ") && r.endsWith("Hello, World!\n"), r);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void slowAndHostileClientsAreBoundedAndOthersAreServed(Backend b) throws Exception {
        Backends.require(b);
        Files.writeString(root.resolve("a.txt"), "a");
        try (Listener server = Main.start("http", Options.of("port", "0", "root", root.toString(),
                "backend", Backends.name(b), "idle-timeout", "1", "request-timeout", "1"))) {
            int port = server.port();

            // a head trickled a byte every 50 ms, never ending: 408 and a close after the request time
            try (Socket c = connect(port)) {
                Thread trickler = Thread.ofVirtual().start(() -> {
                    try {
                        OutputStream o = c.getOutputStream();
                        byte[] head = ("GET /hello HTTP/1.1\r\nHost: t\r\nX-Slow: " + "a".repeat(1000)).getBytes(StandardCharsets.US_ASCII);
                        for (byte x : head) {
                            o.write(x);
                            Thread.sleep(50);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the server closed: done
                    }
                });
                helloWorks(port); // answered meanwhile
                String r = untilClosed(c);
                assertTrue(r.startsWith("HTTP/1.1 408 "), r);
                trickler.interrupt();
            }

            // a body that never ends: 408 and a close
            try (Socket c = connect(port)) {
                c.getOutputStream().write("GET /a.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n0123456789"
                        .getBytes(StandardCharsets.US_ASCII));
                String r = untilClosed(c);
                assertTrue(r.startsWith("HTTP/1.1 408 "), r);
            }

            // an idle keep-alive connection: one answer, then closed quietly after the idle time
            try (Socket c = connect(port)) {
                c.getOutputStream().write(HELLO_REQUEST);
                String r = untilClosed(c);
                assertTrue(r.startsWith("HTTP/1.1 200 ") && r.endsWith("Hello, World!\n"), r);
            }

            // 2,000 connections that never send a byte: all closed by the server, /hello answered meanwhile
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 2000; i++) {
                    silent.add(connect(port));
                }
                helloWorks(port);
                for (Socket c : silent) {
                    assertEquals("", untilClosed(c));
                }
            } finally {
                for (Socket c : silent) {
                    c.close();
                }
            }

            // seeded random bytes, 300 connections at once: each gets a 4xx or a close, never a hang
            try (var vts = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    int seed = i;
                    answers.add(vts.submit(() -> {
                        SplittableRandom rnd = new SplittableRandom(seed);
                        byte[] junk = new byte[1 + rnd.nextInt(3000)];
                        rnd.nextBytes(junk);
                        for (int k = 0; k < junk.length; k += 1 + rnd.nextInt(200)) { // some line ends
                            junk[k] = (byte) (rnd.nextBoolean() ? '\n' : '\r');
                        }
                        if (seed % 3 == 0) { // some look like a request line first
                            byte[] start = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
                            System.arraycopy(start, 0, junk, 0, Math.min(start.length, junk.length));
                        }
                        try (Socket c = connect(port)) {
                            try {
                                c.getOutputStream().write(junk);
                            } catch (SocketException e) {
                                // closed by the server while we wrote: a close is an answer
                            }
                            return untilClosed(c);
                        }
                    }));
                }
                for (Future<String> f : answers) {
                    String r = f.get();
                    assertTrue(r.isEmpty() || r.startsWith("HTTP/1.1 4") || r.startsWith("HTTP/1.1 200 ")
                            || r.startsWith("HTTP/1.1 301 "), r.length() > 200 ? r.substring(0, 200) : r);
                }
            }
            helloWorks(port);
        }
    }

    /**
     * 10,000 half-open connections from another process (one process holding both ends would need
     * 20,000 descriptors): the server closes each after the idle time, answers {@code /hello}
     * meanwhile, and its socket count comes back.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void tenThousandHalfOpenConnectionsAreClosedAndFreed(Backend b) throws Exception {
        Backends.require(b);
        int n = 10_000;
        Process probe = new ProcessBuilder("bash", "-c", "ulimit -n").start();
        long limit = Long.parseLong(new String(probe.getInputStream().readAllBytes()).strip().replace("unlimited", "1000000"));
        org.junit.jupiter.api.Assumptions.assumeTrue(limit >= n + 500,
                "10,000 connections need " + (n + 500) + " descriptors per process; the limit here is " + limit);
        try (Listener server = Main.start("http", Options.of("port", "0", "root", root.toString(),
                "backend", Backends.name(b), "idle-timeout", "2", "request-timeout", "2"))) {
            int port = server.port();
            helloWorks(port);
            long before = sockets();
            Process clients = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), HostileHttpClientsTest.class.getName(),
                    Integer.toString(port), Integer.toString(n)).redirectErrorStream(true).start();
            try {
                java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(clients.getInputStream()));
                assertEquals("CONNECTED " + n, out.readLine());
                helloWorks(port); // answered while 10,000 connections wait
                assertEquals("CLOSED " + n, out.readLine());
                assertTrue(clients.waitFor(30, TimeUnit.SECONDS));
            } finally {
                clients.destroyForcibly();
            }
            long after = sockets();
            for (int i = 0; i < 100 && after > before; i++) {
                Thread.sleep(50);
                after = sockets();
            }
            assertTrue(after <= before, "server sockets " + after + " after, " + before + " before");
            helloWorks(port);
        }
    }

    /** This process's sockets. */
    static long sockets() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    /**
     * Clients whose request is refused while they are still sending it — a 200 KB request line
     * (414), 300 KB of header fields (431), a 2 MB body over the limit (413) — each read the
     * answer after sending all of it: the server half-closes and drains what they send before it
     * closes, instead of closing with their bytes unread (a reset that failed their write, so that
     * 6–8 of 20 clients never saw the answer).
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void refusedClientsStillReadTheirAnswer(Backend b) throws Exception {
        Backends.require(b);
        String longLine = "GET /" + "a".repeat(200_000) + " HTTP/1.1\r\nHost: t\r\n\r\n";
        String manyFields = "GET /hello HTTP/1.1\r\nHost: t\r\n" + ("X-Filler: " + "f".repeat(3000) + "\r\n").repeat(100) + "\r\n";
        String bigBody = "POST /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n\r\n" + "b".repeat(2_000_000);
        try (Listener server = Main.start("http", Options.of("port", "0", "root", root.toString(),
                "backend", Backends.name(b)))) {
            int port = server.port();
            for (String[] c : new String[][] {{longLine, "414"}, {manyFields, "431"}, {bigBody, "413"}}) {
                byte[] request = c[0].getBytes(StandardCharsets.US_ASCII);
                List<Future<String>> answers = new ArrayList<>();
                try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < 20; i++) {
                        answers.add(pool.submit(() -> {
                            try (Socket s = connect(port)) {
                                try {
                                    s.getOutputStream().write(request); // as a client does: all of it, then read
                                } catch (SocketException e) {
                                    return "write failed: " + e.getMessage(); // a client gives up here
                                }
                                return untilClosed(s);
                            }
                        }));
                    }
                    List<String> failed = new ArrayList<>();
                    for (Future<String> f : answers) {
                        String r = f.get();
                        if (!r.startsWith("HTTP/1.1 " + c[1] + " ")) {
                            failed.add(r.length() > 60 ? r.substring(0, 60) : r);
                        }
                    }
                    assertEquals(List.of(), failed, "clients that did not read " + c[1]);
                }
            }
            helloWorks(port);
        }
    }

    /** The half-open clients' process: {@code PORT N}; connects N sockets, then waits until the server closed each. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        List<Socket> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            s.setSoTimeout(60_000);
            all.add(s);
        }
        System.out.println("CONNECTED " + all.size());
        System.out.flush();
        int closed = 0;
        for (Socket s : all) {
            try {
                if (s.getInputStream().read() < 0) {
                    closed++;
                }
            } catch (SocketException e) {
                closed++; // reset: closed too
            }
            s.close();
        }
        System.out.println("CLOSED " + closed);
    }
}

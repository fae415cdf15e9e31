package io.loomuring.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import io.loomuring.Backend;

/** The {@code echo} and {@code proxy} samples over real loopback sockets; run once per backend. */
abstract class NetSampleCases {
    abstract Backend backend();

    Listener start(String name, String... kv) throws IOException {
        String[] all = new String[kv.length + 4];
        System.arraycopy(kv, 0, all, 0, kv.length);
        all[kv.length] = "port";
        all[kv.length + 1] = "0";
        all[kv.length + 2] = "backend";
        all[kv.length + 3] = Backends.name(Backends.require(backend()));
        return Main.start(name, Options.of(all));
    }

    /** Sends {@code payload}, half-closes, reads everything back until EOF; returns it. */
    static byte[] roundTrip(int port, byte[] payload) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(20_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    s.getOutputStream().write(payload);
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] back = s.getInputStream().readAllBytes(); // ends only if the half-close went through
            writer.join();
            return back;
        }
    }

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    @Test
    void echoManyClientsRandomPayloads() throws Exception {
        try (Listener echo = start("echo")) {
            try (var vts = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Boolean>> ok = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    int size = i == 0 ? 1 : new Random(i).nextInt(i % 10 == 0 ? 1 << 20 : 4096) + 1;
                    ok.add(vts.submit(() -> {
                        byte[] p = new byte[size];
                        new Random(size).nextBytes(p);
                        return crc(roundTrip(echo.port(), p)) == crc(p);
                    }));
                }
                for (Future<Boolean> f : ok) {
                    assertTrue(f.get());
                }
            }
        }
    }

    @Test
    void proxyCopiesBothWaysAndPropagatesHalfClose() throws Exception {
        try (Listener echo = start("echo");
             Listener proxy = start("proxy", "upstream", "127.0.0.1:" + echo.port())) {
            byte[] p = new byte[3 * 1024 * 1024];
            new Random(3).nextBytes(p);
            assertArrayEquals(p, roundTrip(proxy.port(), p));
            assertEquals(0, roundTrip(proxy.port(), new byte[0]).length);
        }
    }

    @Test
    void proxyRoundRobinsAndSkipsADeadUpstream() throws Exception {
        try (ServerSocket dead = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int deadPort = dead.getLocalPort();
            dead.close(); // nothing listens there now: connect is refused
            try (Listener a = namedServer("A"); Listener b = namedServer("B");
                 Listener proxy = start("proxy", "upstream",
                         "127.0.0.1:" + a.port() + ",127.0.0.1:" + deadPort + ",127.0.0.1:" + b.port())) {
                StringBuilder seen = new StringBuilder();
                for (int i = 0; i < 6; i++) {
                    seen.append(new String(roundTrip(proxy.port(), new byte[0]), StandardCharsets.US_ASCII));
                }
                String s = seen.toString();
                assertEquals(6, s.length(), s);
                assertTrue(s.contains("A") && s.contains("B"), s);
            }
        }
    }

    @Test
    void proxyRefusesCleanlyWhenNoUpstreamAnswers() throws Exception {
        int deadPort;
        try (ServerSocket dead = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = dead.getLocalPort();
        }
        try (Listener proxy = start("proxy", "upstream", "127.0.0.1:" + deadPort)) {
            for (int i = 0; i < 3; i++) {
                try (Socket s = new Socket("127.0.0.1", proxy.port())) {
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    int r;
                    try {
                        r = in.read();
                    } catch (java.net.SocketException reset) {
                        r = -1;
                    }
                    assertEquals(-1, r, "closed without a byte");
                }
            }
        }
    }

    @Test
    void proxyClosesTheClientWhenTheUpstreamResets() throws Exception {
        try (ServerSocket up = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             Listener proxy = start("proxy", "upstream", "127.0.0.1:" + up.getLocalPort())) {
            // The reset waits until the client has the partial data: a reset that reaches the proxy
            // while its connect is still finishing is a failed connect, a different case.
            java.util.concurrent.CountDownLatch delivered = new java.util.concurrent.CountDownLatch(1);
            Thread upstream = Thread.ofVirtual().start(() -> {
                try (Socket s = up.accept()) {
                    s.getOutputStream().write("partial".getBytes(StandardCharsets.US_ASCII));
                    delivered.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    s.setSoLinger(true, 0); // close sends RST
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket c = new Socket("127.0.0.1", proxy.port())) {
                c.setSoTimeout(10_000);
                byte[] got = new byte[7];
                c.getInputStream().readNBytes(got, 0, 7);
                assertEquals("partial", new String(got, StandardCharsets.US_ASCII));
                delivered.countDown();
                int r;
                try {
                    r = c.getInputStream().read();
                } catch (java.net.SocketException e) {
                    r = -1;
                }
                assertEquals(-1, r, "the client's side is closed too");
            }
            upstream.join();
        }
    }

    private Listener namedServer(String name) throws IOException {
        return Listener.start(name, backend(), new InetSocketAddress("127.0.0.1", 0), s -> {
            s.write(name.getBytes(StandardCharsets.US_ASCII), 0, name.length());
            s.shutdownOutput();
            byte[] b = new byte[64];
            while (s.read(b, 0, b.length) > 0) {
                // drain until the client closes
            }
        });
    }
}

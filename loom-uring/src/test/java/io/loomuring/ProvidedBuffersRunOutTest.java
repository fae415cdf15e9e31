package io.loomuring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.loomuring.poller.carrier.CarrierStats;

/**
 * Heap reads when a ring's provided buffers run out: a child JVM whose rings each have one
 * provided buffer, 64 connections echoing at once, so receives complete while that buffer is
 * still being copied out and the kernel answers {@code -ENOBUFS}. Every byte must come back in
 * order (the fallback's {@code recv(MSG_DONTWAIT)} or its ring receive takes what the failed
 * receive left), and the ring counters must show the fallback was taken — on the shared rings and
 * on carrier rings.
 */
class ProvidedBuffersRunOutTest {
    static final int CONNECTIONS = 64, MESSAGES = 300, SIZE = 700;

    public static void main(String[] args) throws Exception {
        boolean carrier = args[0].equals("carrier");
        ThreadFactory threads = carrier ? LoomUring.carrierThreads().factory() : Thread.ofVirtual().factory();
        AtomicInteger bad = new AtomicInteger(), errors = new AtomicInteger();
        try (UringServerSocket server = UringServerSocket.open(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256, Map.of())) {
            Thread acceptor = threads.newThread(() -> {
                try {
                    for (int i = 0; i < CONNECTIONS; i++) {
                        UringSocket s = server.accept();
                        threads.newThread(() -> echo(s, errors)).start();
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
            });
            acceptor.start();
            java.net.SocketAddress at = server.localAddress();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                int id = i;
                Thread t = threads.newThread(() -> client(at, id, bad, errors));
                t.start();
                clients.add(t);
            }
            for (Thread t : clients) {
                t.join();
            }
            acceptor.join();
        }
        long noBuffers = LoomUring.pollers().stats().noBuffers();
        if (LoomUring.carrierScheduler() != null) {
            for (CarrierStats c : LoomUring.carrierScheduler().stats()) {
                noBuffers += c.ring().noBuffers();
            }
        }
        System.out.println("bad=" + bad.get() + " errors=" + errors.get() + " noBuffers=" + noBuffers
                + " carrierRings=" + (LoomUring.carrierScheduler() != null));
    }

    /** Reads into a heap array (the provided-buffer path) and writes back what it read. */
    static void echo(UringSocket s, AtomicInteger errors) {
        try (s) {
            ByteBuffer b = ByteBuffer.allocate(4096);
            while (s.read(b.clear()) > 0) {
                s.write(b.flip());
            }
        } catch (IOException e) {
            errors.incrementAndGet();
        }
    }

    /** Sends messages whose bytes name the connection and the message, and checks what comes back. */
    static void client(java.net.SocketAddress at, int id, AtomicInteger bad, AtomicInteger errors) {
        try (UringSocket c = UringSocket.connect(at)) {
            ByteBuffer out = ByteBuffer.allocate(SIZE), back = ByteBuffer.allocate(SIZE);
            for (int m = 0; m < MESSAGES; m++) {
                out.clear();
                for (int i = 0; i < SIZE; i++) {
                    out.put((byte) (id * 31 + m * 7 + i));
                }
                c.write(out.flip());
                c.readFully(back.clear());
                if (!back.flip().equals(out.rewind())) {
                    bad.incrementAndGet();
                }
            }
        } catch (IOException e) {
            errors.incrementAndGet();
        }
    }

    static String run(String mode, List<String> jvm) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dloomuring.ring.providedBuffers=1"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ProvidedBuffersRunOutTest.class.getName(), mode));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertTrue(p.exitValue() == 0, out);
        return out;
    }

    static void check(String out, boolean carrierRings) {
        assertTrue(out.contains("bad=0 errors=0 "), "every message came back intact: " + out);
        assertTrue(out.contains("carrierRings=" + carrierRings), out);
        long noBuffers = Long.parseLong(out.replaceAll("(?s).*noBuffers=(\\d+).*", "$1"));
        assertTrue(noBuffers > 0, "with one provided buffer a ring, some receives must have found none: " + out);
    }

    @Test
    void sharedRings() throws Exception {
        check(run("shared", List.of()), false);
    }

    @Test
    void carrierRings() throws Exception {
        check(run("carrier", List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED")), true);
    }
}

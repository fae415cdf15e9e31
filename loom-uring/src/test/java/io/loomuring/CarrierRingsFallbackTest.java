package io.loomuring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.loomuring.poller.carrier.CarrierScheduler;

/**
 * {@link LoomUring#carrierThreads()} in child JVMs: without {@code --add-opens} (or without
 * io_uring) it gives the JDK's own virtual threads, which still do their I/O through the shared
 * rings, and one INFO line names what is missing; with the flag the same program runs on carrier
 * rings.
 */
class CarrierRingsFallbackTest {
    @TempDir
    Path dir;

    /** The child: does some I/O on a carrierThreads() thread and says where it ran. */
    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("exit")) {
            exitWithThreadsParked();
            return;
        }
        Path p = Path.of(args[0]);
        Files.writeString(p, "hello");
        String[] got = new String[1];
        Thread t = LoomUring.carrierThreads().start(() -> {
            try (UringFile f = UringFile.open(p, java.nio.file.StandardOpenOption.READ)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(5);
                f.read(b, 0);
                got[0] = new String(b.array()) + " virtual=" + Thread.currentThread().isVirtual()
                        + " carrierRing=" + (CarrierScheduler.currentRing() != null);
            } catch (Exception e) {
                got[0] = e.toString();
            }
        });
        t.join();
        System.out.println(got[0]);
        System.out.println("unavailable: " + LoomUring.carrierRingsUnavailable());
    }

    /**
     * 200 carrier-ring virtual threads parked in socket reads and accepts that never complete, then
     * {@code main} returns: the JVM must exit (carriers are daemon threads; nothing waits for the
     * rings).
     */
    static void exitWithThreadsParked() throws Exception {
        UringServerSocket server = UringServerSocket.open(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        java.util.concurrent.CountDownLatch parked = new java.util.concurrent.CountDownLatch(200);
        List<UringSocket> clients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            clients.add(UringSocket.connect(server.localAddress()));
            server.accept();
        }
        for (UringSocket c : clients) {
            LoomUring.carrierThreads().start(() -> {
                parked.countDown();
                try {
                    c.read(java.nio.ByteBuffer.allocate(16));
                } catch (java.io.IOException e) {
                    // not reached: the JVM exits first
                }
            });
            LoomUring.carrierThreads().start(() -> {
                parked.countDown();
                try {
                    server.accept();
                } catch (java.io.IOException e) {
                    // not reached
                }
            });
        }
        parked.await();
        Thread.sleep(100);
        long inFlight = LoomUring.carrierScheduler().stats().stream().mapToLong(s -> s.ring().inFlight()).sum();
        System.out.println("parked with operations in the carriers' rings: " + (inFlight > 0) + "; main returns");
    }

    String[] run(List<String> jvmArgs, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CarrierRingsFallbackTest.class.getName(),
                dir.resolve("f.txt").toString()));
        cmd.addAll(List.of(more));
        Path out = dir.resolve("out"), err = dir.resolve("err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child finished");
        assertEquals(0, p.exitValue(), () -> "child failed: " + read(err));
        return new String[] {read(out), read(err)};
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Test
    void withoutTheFlagTheJdksVirtualThreadsDoTheWork() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        String[] r = run(List.of());
        assertTrue(r[0].contains("hello virtual=true carrierRing=false"), r[0]);
        assertTrue(r[0].contains("--add-opens java.base/java.lang=ALL-UNNAMED"), r[0]);
        assertTrue(r[1].contains("INFO") && r[1].contains("--add-opens java.base/java.lang=ALL-UNNAMED"),
                "one log line names the flag: " + r[1]);
    }

    @Test
    void withTheFlagTheSameProgramRunsOnCarrierRings() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        String[] r = run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        assertTrue(r[0].contains("hello virtual=true carrierRing=true"), r[0]);
        assertTrue(r[0].contains("unavailable: null"), r[0]);
    }

    @Test
    void withoutIoUringTheJdksVirtualThreadsAndTheJdkBackend() throws Exception {
        String[] r = run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dloomuring.inject.setupErrno=EPERM"));
        assertTrue(r[0].contains("hello virtual=true carrierRing=false"), r[0]);
        assertTrue(r[0].contains("carrier rings need io_uring"), r[0]);
    }

    @Test
    void theJvmExitsWithVirtualThreadsParkedOnCarrierRings() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        String[] r = run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"), "exit"); // waits 60 s at most
        assertTrue(r[0].contains("parked with operations in the carriers' rings: true; main returns"), r[0] + r[1]);
    }

    @Test
    void oneCarrierRefusedItsRingTheEntryPointFallsBack() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        String[] r = run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dloomuring.carriers=2",
                "-Dloomuring.inject.carrierRefused=1"));
        assertTrue(r[0].contains("hello virtual=true carrierRing=false"), r[0]);
        assertTrue(r[0].contains("EMFILE"), "the reason names the errno: " + r[0]);
        assertEquals(1, r[1].lines().filter(l -> l.contains("EMFILE")).count(), "one log line: " + r[1]);
    }
}

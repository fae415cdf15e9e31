package io.loomuring;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.loomuring.poller.ring.RingSetup;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend is chosen once per process: io_uring when it can be set up, the JDK when setup is
 * refused (injected here) or {@code -Dloomuring.backend=jdk} says so; one WARNING says which and
 * why. Each case runs in a child JVM, since the choice is made once.
 */
class FallbackTest {

    /** Child entry point: reports the backend, then does file and socket I/O twice through the static factories. */
    public static void main(String[] args) throws Exception {
        System.out.println("BACKEND " + Backends.current());
        System.out.println("REASON " + Backends.reason());
        System.out.println("CAUSE " + (Backends.unavailableCause() == null ? "none" : Backends.unavailableCause().errno()));
        Path p = Files.createTempFile("fallback", ".dat");
        for (int i = 0; i < 2; i++) {
            try (UringFile f = UringFile.open(p, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                f.write(ByteBuffer.wrap("hello".getBytes()), 0);
                ByteBuffer b = ByteBuffer.allocate(5);
                f.readFully(b, 0);
                System.out.println("FILE " + new String(b.array()));
            }
            try (UringServerSocket s = UringServerSocket.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                 UringSocket c = UringSocket.connect(s.localAddress());
                 UringSocket a = s.accept()) {
                c.write("ping".getBytes(), 0, 4);
                ByteBuffer b = ByteBuffer.allocate(4);
                a.readFully(b);
                System.out.println("SOCKET " + new String(b.array()));
            }
        }
        Files.delete(p);
    }

    private static String run(String... props) throws Exception {
        return run(System.getProperty("java.class.path"), 0, props);
    }

    private static String run(String classPath, int exitValue, String... props) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(List.of(props));
        cmd.addAll(List.of("-cp", classPath, FallbackTest.class.getName()));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes());
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(exitValue, proc.exitValue(), out);
        return out;
    }

    private static long count(String out, String s) {
        return out.lines().filter(l -> l.contains(s)).count();
    }

    @Test
    void refusedSetupFallsBackToTheJdkWithOneWarning() throws Exception {
        String out = run("-D" + RingSetup.INJECT_ERRNO_PROPERTY + "=EPERM");
        assertTrue(out.contains("BACKEND JDK"), out);
        assertTrue(out.contains("REASON io_uring is unavailable: io_uring_setup failed with EPERM"), out);
        assertTrue(out.contains("CAUSE 1"), out);
        assertEquals(2, count(out, "FILE hello"), out);
        assertEquals(2, count(out, "SOCKET ping"), out);
        assertEquals(1, count(out, "loom-uring runs on the JDK's blocking I/O backend"), "one warning: " + out);
    }

    @Test
    void systemPropertySelectsTheJdk() throws Exception {
        String out = run("-Dloomuring.backend=jdk");
        assertTrue(out.contains("BACKEND JDK"), out);
        assertTrue(out.contains("selected by -Dloomuring.backend=jdk"), out);
        assertEquals(2, count(out, "SOCKET ping"), out);
        assertEquals(1, count(out, "loom-uring runs on the JDK's blocking I/O backend"), out);
    }

    @Test
    void aRepackagedJarWithoutTheServiceFilesFailsSayingSo(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path classes = Path.of(UringFile.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes.resolve("META-INF/services")), "the build's classes carry the service file: " + classes);
        Path stripped = tmp.resolve("classes");
        try (var files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = classes.relativize(f);
                if (rel.startsWith("META-INF/services") || rel.toString().equals("module-info.class")) {
                    continue;
                }
                Path to = stripped.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        String cp = System.getProperty("java.class.path").replace(classes.toString(), stripped.toString());
        assertTrue(cp.contains(stripped.toString()), "the class path names " + classes + ": " + cp);
        String out = run(cp, 1);
        assertTrue(out.contains("BACKEND URING"), out);
        assertTrue(out.contains("java.util.ServiceConfigurationError: loom-uring's uring backend is missing: no "
                + "io.loomuring.spi.BackendProvider named \"uring\""), out);
        assertEquals(0, count(out, "FILE hello"), out);
    }

    @Test
    void ioUringIsChosenWhenAvailableAndNothingIsLogged() throws Exception {
        String out = run();
        assertTrue(out.contains("BACKEND URING"), out);
        assertEquals(2, count(out, "FILE hello"), out);
        assertEquals(0, count(out, "WARNING"), out);
    }
}

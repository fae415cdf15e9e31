package io.loomuring.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a process: one line {@code listening on HOST:PORT} with the real port, requests
 * served, exit status 0 and nothing on standard error after SIGTERM or SIGINT.
 */
class LauncherTest {
    @TempDir
    Path root;

    Process launch(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED", // as samples/run
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(root.resolve("stderr").toFile()).start();
    }

    static int listeningPort(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        String line = out.readLine();
        assertTrue(line != null && line.matches("listening on 127\\.0\\.0\\.1:\\d+"), "first line: " + line);
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
    }

    @Test
    void httpServesThenStopsOnSigterm() throws Exception {
        Path site = java.nio.file.Files.createDirectory(root.resolve("site"));
        Process p = launch("http", "--port", "0", "--root", site.toString());
        try {
            int port = listeningPort(p);
            var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("Hello, World!\n", r.body());
            var stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            if (io.loomuring.Backends.current() == io.loomuring.Backend.URING) { // the connections run on carrier rings
                assertTrue(stats.contains("carrier loom-uring-carrier-0: continuations="), stats);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            assertEquals("", java.nio.file.Files.readString(root.resolve("stderr")));
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * The JDK's HttpClient, unmodified, in a child JVM under the SelectorProvider switch (its
     * selector and non-blocking channels are compat's), against the HTTP sample in another.
     */
    @Test
    void httpClientUnderTheSelectorSwitchTalksToTheSample() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.loomuring.Backends.current() == io.loomuring.Backend.URING,
                () -> "the selector switch needs io_uring: " + io.loomuring.Backends.reason());
        Path site = java.nio.file.Files.createDirectory(root.resolve("site"));
        byte[] big = new byte[3 << 20];
        new java.util.Random(7).nextBytes(big);
        java.nio.file.Files.write(site.resolve("big.bin"), big);
        Process p = launch("http", "--port", "0", "--root", site.toString());
        try {
            int port = listeningPort(p);
            Process c = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Dloomuring.stats=stderr",
                    "-Djava.nio.channels.spi.SelectorProvider=io.loomuring.compat.UringSelectorProvider",
                    "-cp", System.getProperty("java.class.path"), SwitchedHttpClient.class.getName(),
                    Integer.toString(port), "big.bin", Integer.toString(big.length))
                    .redirectError(root.resolve("client-stderr").toFile()).start();
            String out = new String(c.getInputStream().readAllBytes());
            assertTrue(c.waitFor(60, TimeUnit.SECONDS));
            String err = java.nio.file.Files.readString(root.resolve("client-stderr"));
            assertEquals(0, c.exitValue(), err);
            assertEquals("hello: 40/40\nfile: 200 true\n", out, err);
            assertTrue(err.contains("selector class: io.loomuring.compat.UringSelector"), err);
            assertTrue(err.matches("(?s).*loom-uring selectors: selections=[1-9].*"), err);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void echoStopsOnSigint() throws Exception {
        // A process started in the background by a non-interactive shell ignores SIGINT, and so do
        // its children: the JVM then leaves SIGINT alone, and the sample never hears it.
        org.junit.jupiter.api.Assumptions.assumeFalse(ignored(2),
                "SIGINT is ignored in this process (started in the background by a non-interactive shell), so in the sample too");
        echoStopsOn("-INT");
    }

    @Test
    void echoStopsOnSigterm() throws Exception {
        echoStopsOn("-TERM");
    }

    private void echoStopsOn(String signal) throws Exception {
        Process p = launch("echo", "--port", "0");
        try {
            int port = listeningPort(p);
            byte[] back = NetSampleCases.roundTrip(port, "ping".getBytes());
            assertEquals("ping", new String(back));
            assertEquals(0, new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor());
            assertExits(p, 20);
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    /** Whether signal {@code number} is ignored in this process ({@code SigIgn} of /proc/self/status). */
    static boolean ignored(int number) throws Exception {
        for (String l : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(l.substring(7).trim(), 16) & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }

    /**
     * Waits up to {@code secs} for {@code p} to exit; if it does not, fails with what it was doing:
     * its threads (virtual ones included, {@code jcmd Thread.dump_to_file}) and its standard error.
     */
    void assertExits(Process p, int secs) throws Exception {
        if (p.waitFor(secs, TimeUnit.SECONDS)) {
            return;
        }
        Path dump = root.resolve("threads-" + p.pid() + ".txt");
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(p.pid()), "Thread.dump_to_file", dump.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        String threads = java.nio.file.Files.exists(dump) ? java.nio.file.Files.readString(dump) : "(no thread dump)";
        String err = java.nio.file.Files.exists(root.resolve("stderr")) ? java.nio.file.Files.readString(root.resolve("stderr")) : "";
        org.junit.jupiter.api.Assertions.fail("still running after " + secs + " s; stderr:\n" + err + "\nthreads:\n"
                + threads.substring(0, Math.min(threads.length(), 60_000)));
    }

    @Test
    void badOptionsExitWithAMessage() throws Exception {
        Process p = launch("proxy", "--port", "0");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0);
        assertTrue(java.nio.file.Files.readString(root.resolve("stderr")).contains("--upstream"));
    }

    @Test
    void aPortInUseIsNamedWithTheWayOut() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Process p = launch("echo", "--port", Integer.toString(taken.getLocalPort()));
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue());
            String err = java.nio.file.Files.readString(root.resolve("stderr"));
            assertTrue(err.startsWith("samples/run echo: cannot listen: Address already in use: "), err);
            assertTrue(err.contains(":" + taken.getLocalPort()), err);
            assertTrue(err.contains("--port"), err);
            assertTrue(!err.contains("\tat "), "no stack trace: " + err);
        }
    }
}

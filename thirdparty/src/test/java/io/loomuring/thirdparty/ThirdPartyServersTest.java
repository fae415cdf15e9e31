package io.loomuring.thirdparty;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.loomuring.Backend;
import io.loomuring.Backends;
import io.loomuring.compat.Agent;
import io.loomuring.compat.UringFileSystemProvider;
import io.loomuring.compat.UringSelectorProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Unmodified third-party servers — one virtual thread per connection (Helidon 4 SE, JLHTTP) and
 * selector-based with handlers on virtual threads (Jetty 12, Tomcat 11) — each in a child JVM on the plain JDK and under the three switches (the compat agent, the selector and the
 * file system providers): what a client sees must be the same — every body of 4,000 requests from
 * 400 concurrent connections compared byte for byte, pipelined requests, clients that close early,
 * reset, send garbage or trickle a request byte by byte, a file read per request — and the
 * server's descriptors must come back to where they were when the scenario runs again. Under the
 * switches the handlers' virtual threads, which the servers start from their own threads, must run
 * on carrier rings, and the counters must show the I/O went through loom-uring (the carriers' rings;
 * for the selector-based servers, compat's selector).
 */
class ThirdPartyServersTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(classes = {HelidonServer.class, JlHttpServer.class, JettyServer.class, TomcatServer.class})
    void sameAnswersOnTheJdkAndUnderTheSwitches(Class<?> server) throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        Child jdk = Child.start(dir, "jdk", server, List.of());
        List<String> plain = jdk.twice();
        String jdkErr = jdk.stop();
        Child sw = Child.start(dir, "switched", server, List.of(
                "-javaagent:" + agentJar(dir),
                "-Djava.nio.channels.spi.SelectorProvider=" + UringSelectorProvider.class.getName(),
                "-Djava.nio.file.spi.DefaultFileSystemProvider=" + UringFileSystemProvider.class.getName(),
                "-Dloomuring.stats=stderr"));
        List<String> switched = sw.twice();
        String err = sw.stop();

        assertTrue(plain.contains("bodies: 4000 of 4000 checked"), () -> plain + jdkErr);
        assertTrue(plain.contains("descriptors flat: true"), plain::toString);
        assertEquals(plain, switched, err);
        assertTrue(jdk.who.contains("ForkJoinPool"), jdk.who);
        assertTrue(sw.who.contains("@loom-uring-carrier-"), () -> "the handler ran on " + sw.who);
        if (server == JettyServer.class || server == TomcatServer.class) {
            // the data moves in non-blocking calls; readiness comes from the selectors' ring
            long selections = Pattern.compile("loom-uring selectors: selections=(\\d+)").matcher(err).results()
                    .mapToLong(m -> Long.parseLong(m.group(1))).sum();
            assertTrue(selections >= 1000, () -> "selections on compat's selector: " + selections + "\n" + err);
        } else {
            long onCarriers = Pattern.compile("loom-uring carrier: .*completed=(\\d+)").matcher(err).results()
                    .mapToLong(m -> Long.parseLong(m.group(1))).sum();
            assertTrue(onCarriers >= 8000, () -> "operations completed in the carriers' rings: " + onCarriers + "\n" + err);
        }
    }

    /** One server in a child JVM, stopped by closing its standard input. */
    static final class Child {
        final Process process;
        final int port;
        final Path err;
        String who = "";

        private Child(Process process, int port, Path err) {
            this.process = process;
            this.port = port;
            this.err = err;
        }

        static Child start(Path dir, String name, Class<?> main, List<String> jvmArgs) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED"));
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), String.valueOf(port), "--until-eof"));
            Path out = dir.resolve(name + ".out"), err = dir.resolve(name + ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            for (int i = 0; !Files.readString(out).contains("listening"); i++) {
                assertTrue(p.isAlive() && i < 600, () -> "the server did not start: " + read(err) + read(out));
                Thread.sleep(100);
            }
            return new Child(p, port, err);
        }

        /**
         * The scenario twice: what the client saw, and whether the server's descriptors after the
         * second time came back to where they were after the first (which may start lazily made
         * ones, such as the JDK's poller for writes).
         */
        List<String> twice() throws Exception {
            List<String> first = drive();
            Thread.sleep(500);
            long fds = descriptors();
            List<String> second = drive();
            assertEquals(first, second, "the second pass");
            second.add("descriptors flat: " + settles(fds));
            return second;
        }

        /** The client's scenario; what it saw, line by line. */
        List<String> drive() throws Exception {
            List<String> seen = new ArrayList<>();
            try (HttpProbe c = new HttpProbe(port)) {
                HttpProbe.Response r = c.exchange("/hello");
                seen.add("hello: " + r.status() + " " + r.text());
                seen.add("file: " + Arrays.equals(Bodies.of(1024), c.exchange("/file").body()));
                who = c.exchange("/who").text();
            }
            seen.add("bodies: " + bodies(400, 10) + " of 4000 checked");
            try (HttpProbe c = new HttpProbe(port)) {
                c.write(HttpProbe.get("/bytes?n=10") + HttpProbe.get("/bytes?n=70000") + HttpProbe.get("/hello"));
                boolean ok = Arrays.equals(Bodies.of(10), c.read().body()) && Arrays.equals(Bodies.of(70000), c.read().body())
                        && c.read().text().equals("Hello, World!");
                seen.add("pipelined: " + ok);
            }
            for (int i = 0; i < 50; i++) {
                new Socket("127.0.0.1", port).close();
                try (HttpProbe c = new HttpProbe(port)) {
                    c.write("GET /bytes?n=100 HT");
                }
                try (HttpProbe c = new HttpProbe(port)) {
                    c.write(HttpProbe.get("/bytes?n=200000"));
                    c.socket.setSoLinger(true, 0);   // reset while the server writes
                }
            }
            seen.add("after early closes and resets: " + status("/hello"));
            try (HttpProbe c = new HttpProbe(port)) {
                c.write("\u0001\u0002 nonsense\r\n\r\n");
                HttpProbe.Response r = c.read();
                seen.add("garbage: " + (r == null ? "closed" : "status " + r.status()));
            } catch (IOException e) {
                seen.add("garbage: " + e.getClass().getSimpleName());
            }
            try (HttpProbe c = new HttpProbe(port)) {
                for (byte b : HttpProbe.get("/bytes?n=1234").getBytes(StandardCharsets.ISO_8859_1)) {
                    OutputStream o = c.socket.getOutputStream();
                    o.write(b);
                    o.flush();
                    Thread.sleep(2);
                }
                seen.add("byte by byte: " + Arrays.equals(Bodies.of(1234), c.read().body()));
            }
            return seen;
        }

        private int status(String path) throws IOException {
            try (HttpProbe c = new HttpProbe(port)) {
                return c.exchange(path).status();
            }
        }

        /** {@code conns} concurrent keep-alive connections, {@code each} requests each: the bodies that matched. */
        private int bodies(int conns, int each) throws InterruptedException {
            AtomicInteger ok = new AtomicInteger();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < conns; i++) {
                    ex.submit(() -> {
                        try (HttpProbe c = new HttpProbe(port)) {
                            for (int k = 0; k < each; k++) {
                                int n = ThreadLocalRandom.current().nextInt(0, 40_000);
                                HttpProbe.Response r = c.exchange("/bytes?n=" + n);
                                if (r.status() == 200 && Arrays.equals(Bodies.of(n), r.body())) {
                                    ok.incrementAndGet();
                                }
                            }
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                        return null;
                    });
                }
            }
            failures.stream().limit(3).forEach(Throwable::printStackTrace);
            return ok.get();
        }

        private long descriptors() throws IOException {
            try (var s = Files.list(Path.of("/proc/" + process.pid() + "/fd"))) {
                return s.count();
            }
        }

        /** Whether the server's descriptors come back to at most {@code before} (+2) within 10 s. */
        private boolean settles(long before) throws Exception {
            for (int i = 0; i < 100; i++) {
                if (descriptors() <= before + 2) {
                    return true;
                }
                Thread.sleep(100);
            }
            System.err.println("descriptors: " + descriptors() + ", before: " + before);
            return false;
        }

        /** Closes the server's standard input (it stops and exits); its standard error. */
        String stop() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the server did not exit: " + read(err));
            }
            assertEquals(0, process.exitValue(), () -> read(err));
            return read(err);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** A jar holding only the agent's manifest; the child finds the classes on its class path. */
    static Path agentJar(Path dir) throws IOException {
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Premain-Class", Agent.class.getName());
        m.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        Path jar = dir.resolve("agent.jar");
        try (OutputStream o = Files.newOutputStream(jar); var j = new java.util.jar.JarOutputStream(o, m)) {
            j.flush();
        }
        return jar;
    }
}

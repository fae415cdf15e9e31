package io.loomuring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults from outside, over both backends: a peer that resets while a read, a large write or a
 * file transfer is blocked; thousands of peers that reset before {@code accept} returns; the
 * process out of descriptors while accepting (a child JVM under {@code ulimit -n}); a full file
 * system (a 1 MiB tmpfs). Each time: the JDK's exception type, a message naming the cause, no
 * descriptor left behind, and the server serves again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultsTest {
    @TempDir
    Path dir;

    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    enum Blocked { READ, WRITE, TRANSFER_TO }

    /** Waits up to 5 s for {@link Fds#socketsAndFiles()} to come back to at most {@code baseline}; returns the last count. */
    static int settledFds(int baseline) throws InterruptedException {
        int n = Fds.socketsAndFiles();
        for (int i = 0; i < 100 && n > baseline; i++) {
            Thread.sleep(50);
            n = Fds.socketsAndFiles();
        }
        return n;
    }

    /**
     * One echo round trip through {@code server} from a JDK client: the server still serves. The
     * accepting side takes connections until one echoes (a connection reset before it was accepted
     * may still be queued ahead of the client's).
     */
    static void servesAgain(UringServerSocket server) throws Exception {
        Thread t = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 100; i++) {
                try (UringSocket s = server.accept(Duration.ofSeconds(10))) {
                    ByteBuffer b = ByteBuffer.allocateDirect(4);
                    s.readFully(b);
                    s.writeFully(b.flip());
                    return;
                } catch (IOException e) {
                    System.err.println("servesAgain: " + e); // a leftover reset connection
                }
            }
        });
        try (Socket c = new Socket()) {
            c.connect(server.localAddress(), 5_000);
            c.setSoTimeout(15_000);
            c.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertEquals("ping", new String(c.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
        }
        t.join();
    }

    /** Runs {@code scenario} three times: the sockets and files open after the third are at most those after the first. */
    static void leavesNoDescriptor(String what, ThrowingRunnable scenario) throws Exception {
        scenario.run(); // the first round opens what is opened once (rings, pools)
        int after1 = settledFds(Integer.MAX_VALUE);
        scenario.run();
        scenario.run();
        int after3 = settledFds(after1);
        assertTrue(after3 <= after1, what + ": sockets and files open " + after3 + " after three rounds, " + after1 + " after one");
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aPeerResetUnderABlockedReadWriteOrTransferIsConnectionReset(Backend b) throws Exception {
        Path file = dir.resolve("big");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(64L << 20); // sparse: more than loopback's socket buffers hold
        }
        for (Blocked kind : Blocked.values()) {
            leavesNoDescriptor(kind.toString(), () -> {
                try (UringServerSocket server = b.listen(LOOPBACK)) {
                    CompletableFuture<Throwable> seen = new CompletableFuture<>();
                    Thread.ofVirtual().start(() -> {
                        try (UringSocket s = server.accept()) {
                            switch (kind) {
                                case READ -> s.read(ByteBuffer.allocateDirect(1024));
                                case WRITE -> s.writeFully(ByteBuffer.allocateDirect(64 << 20));
                                case TRANSFER_TO -> {
                                    try (UringFile f = b.openFile(file, StandardOpenOption.READ)) {
                                        f.transferTo(0, 64L << 20, s);
                                    }
                                }
                            }
                            seen.complete(null);
                        } catch (Throwable t) {
                            seen.complete(t);
                        }
                    });
                    try (Socket peer = new Socket()) {
                        peer.connect(server.localAddress(), 5_000);
                        Thread.sleep(300); // the call is blocked: nothing to read, or the buffers full
                        peer.setSoLinger(true, 0); // close sends RST
                    }
                    Throwable t = seen.get(20, TimeUnit.SECONDS);
                    assertInstanceOf(SocketException.class, t, kind + ": " + t);
                    assertTrue(t.getMessage().contains("reset") || t.getMessage().contains("Broken pipe"), kind + ": " + t);
                    servesAgain(server);
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void thousandsOfPeersResettingBeforeAcceptLeaveNoDescriptor(Backend b) throws Exception {
        int n = 1000;
        leavesNoDescriptor("resets before accept", () -> {
            try (UringServerSocket server = b.listen(LOOPBACK, 4096, Map.of())) {
                for (int i = 0; i < n; i++) {
                    try (Socket peer = new Socket()) {
                        peer.connect(server.localAddress(), 5_000);
                        peer.setSoLinger(true, 0);
                    }
                }
                for (int i = 0; i < n; i++) {
                    try (UringSocket s = server.accept(Duration.ofSeconds(5))) {
                        int r = s.read(ByteBuffer.allocateDirect(8));
                        assertEquals(-1, r, "a reset connection has nothing to read");
                    } catch (SocketException e) {
                        assertTrue(e.getMessage().contains("reset"), e.toString()); // the read: "Connection reset"
                    }
                }
                servesAgain(server);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFullFileSystemIsENOSPCAndKeepsWhatWasSynced(Backend b) throws Exception {
        Path mnt = TinyTmpfs.mount(dir, "small", "1m");
        try {
            byte[] first = new byte[256 << 10];
            new SplittableRandom(1).nextBytes(first);
            Path p = mnt.resolve("f");
            leavesNoDescriptor("ENOSPC", () -> {
                Files.deleteIfExists(p);
                try (UringFile f = b.openFile(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    f.writeFully(ByteBuffer.wrap(first), 0);
                    f.force(true);
                    ByteBuffer chunk = ByteBuffer.allocateDirect(64 << 10);
                    IOException e = assertThrows(IOException.class, () -> {
                        for (long pos = first.length; ; pos += chunk.capacity()) {
                            f.writeFully(chunk.clear(), pos);
                        }
                    });
                    assertTrue(e.getMessage().contains(b == Backend.URING ? "ENOSPC" : "No space left on device"), e.toString());
                }
                try (UringFile f = b.openFile(p, StandardOpenOption.READ)) {
                    ByteBuffer back = ByteBuffer.allocate(first.length);
                    f.readFully(back, 0);
                    assertArrayEquals(first, back.array(), "data synced before the file system filled");
                }
            });
        } finally {
            TinyTmpfs.unmount(mnt);
        }
    }

    /**
     * 100 sockets closed at once with {@code SO_LINGER} 2 s and unsent data (their peers never
     * read, their writers are blocked): each close lingers, and nobody else waits — an echo
     * connection keeps making round trips while they linger, none slower than 1 s (a close run
     * inline on a ring would stall it for the whole 2 s). io_uring only: on the JDK backend the
     * JDK's socket defers the close to the blocked writer, whose {@code close(2)} then holds its
     * carrier for the linger time — with 100 of them on 2 carriers the echo made 1 round trip in
     * 1.5 s, or none in 10 s (measured; the JDK's behaviour, documented in docs/design/reliability.md).
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "URING")
    void manyLingeringClosesStallNobodyElse(Backend b) throws Exception {
        int n = 100;
        try (UringServerSocket server = b.listen(LOOPBACK, 1024, Map.of())) {
            servesAgain(server);
            int baseline = Fds.socketsAndFiles();
            List<Socket> peers = new ArrayList<>();
            List<UringSocket> lingering = new ArrayList<>();
            List<Thread> writers = new ArrayList<>();
            ByteBuffer eightMiB = ByteBuffer.allocateDirect(8 << 20); // one buffer, a view per writer
            try {
                for (int i = 0; i < n; i++) {
                    Socket p = new Socket();
                    p.setReceiveBufferSize(4096);
                    p.connect(server.localAddress(), 5_000);
                    peers.add(p);
                    UringSocket s = server.accept(Duration.ofSeconds(5));
                    s.setOption(java.net.StandardSocketOptions.SO_LINGER, 2);
                    lingering.add(s);
                    writers.add(Thread.ofVirtual().start(() -> {
                        try {
                            s.writeFully(eightMiB.duplicate()); // blocks: the peer never reads
                        } catch (IOException e) {
                            // closed under the write
                        }
                    }));
                }
                // an unrelated connection, echoing all along
                UringSocket echoSide;
                Socket client = new Socket();
                client.connect(server.localAddress(), 5_000);
                echoSide = server.accept(Duration.ofSeconds(5));
                Thread echo = Thread.ofVirtual().start(() -> {
                    ByteBuffer buf = ByteBuffer.allocateDirect(64);
                    try (echoSide) {
                        while (echoSide.read(buf.clear()) > 0) {
                            echoSide.writeFully(buf.flip());
                        }
                    } catch (IOException e) {
                        // client gone
                    }
                });
                for (Thread w : writers) { // every writer blocked with its send queue full
                    while (w.getState() != Thread.State.WAITING && w.isAlive()) {
                        Thread.sleep(10);
                    }
                }
                long closed = System.nanoTime();
                for (UringSocket s : lingering) {
                    Thread.ofVirtual().start(() -> {
                        try {
                            s.close();
                        } catch (IOException e) {
                            // reported by the test below if it matters
                        }
                    });
                }
                int roundTrips = 0;
                long worst = 0;
                int stillLingering = 0;
                try (client) {
                    client.setSoTimeout(10_000);
                    byte[] ping = new byte[16];
                    while (System.nanoTime() - closed < 1_500_000_000L) { // within the linger time
                        long t = System.nanoTime();
                        client.getOutputStream().write(ping);
                        client.getInputStream().readNBytes(ping.length);
                        worst = Math.max(worst, System.nanoTime() - t);
                        roundTrips++;
                        stillLingering = Fds.socketsAndFiles() - baseline;
                    }
                }
                echo.join(5_000);
                assertTrue(stillLingering > n / 2, "the closes were lingering meanwhile: " + stillLingering + " sockets open");
                assertTrue(roundTrips >= 10, "round trips while " + n + " closes lingered: " + roundTrips);
                assertTrue(worst < 1_000_000_000L, "slowest round trip while they lingered: " + worst / 1_000_000 + " ms");
                for (Thread w : writers) {
                    w.join(10_000);
                }
            } finally {
                for (Socket p : peers) {
                    p.close();
                }
            }
            assertTrue(settledFds(baseline) <= baseline, "sockets and files " + Fds.socketsAndFiles() + " > " + baseline);
        }
    }

    /**
     * Four client processes, 100 connections each, send half a request and are killed with
     * SIGKILL: every server thread blocked in its read returns (end of stream or "Connection
     * reset"), none stays stuck, their sockets are closed, and the server serves again.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void clientsKilledMidRequestLeaveNoStuckThreadNorDescriptor(Backend b) throws Exception {
        int processes = 4;
        int perProcess = 100;
        try (UringServerSocket server = b.listen(LOOPBACK, 1024, Map.of())) {
            servesAgain(server); // the rings and pools exist before the count
            int baseline = Fds.socketsAndFiles();
            java.util.concurrent.atomic.AtomicInteger blocked = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < processes * perProcess; i++) {
                    UringSocket s;
                    try {
                        s = server.accept();
                    } catch (IOException e) {
                        return;
                    }
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            ByteBuffer req = ByteBuffer.allocateDirect(256);
                            blocked.incrementAndGet();
                            while (s.read(req) > 0) { // the request never ends: blocked until the peer dies
                                req.clear();
                            }
                        } catch (IOException e) {
                            // "Connection reset": the peer's kernel closed with our data unread
                        } finally {
                            ended.incrementAndGet();
                        }
                    });
                }
            });
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            List<Process> clients = new ArrayList<>();
            try {
                for (int i = 0; i < processes; i++) {
                    clients.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                            FaultsTest.class.getName(), "client", Integer.toString(port), Integer.toString(perProcess))
                            .redirectErrorStream(true).start());
                }
                for (Process c : clients) {
                    String line = new BufferedReader(new InputStreamReader(c.getInputStream())).readLine();
                    assertEquals("READY", line);
                }
                acceptor.join(10_000);
                for (int i = 0; i < 200 && blocked.get() < processes * perProcess; i++) {
                    Thread.sleep(50);
                }
                assertEquals(processes * perProcess, blocked.get(), "server threads blocked in a read");
                for (Process c : clients) {
                    c.destroyForcibly(); // SIGKILL
                }
                for (Process c : clients) {
                    assertTrue(c.waitFor(10, TimeUnit.SECONDS));
                }
                for (int i = 0; i < 200 && ended.get() < processes * perProcess; i++) {
                    Thread.sleep(50);
                }
                assertEquals(processes * perProcess, ended.get(), "server threads that returned after the kill");
            } finally {
                clients.forEach(Process::destroyForcibly);
            }
            servesAgain(server);
            assertTrue(settledFds(baseline) <= baseline, "sockets and files " + Fds.socketsAndFiles() + " > " + baseline);
        }
    }

    /**
     * Out of descriptors while accepting, in a child JVM under {@code ulimit -n 256}: {@code accept}
     * throws an IOException naming EMFILE once the child holds what it may; after it closes what
     * it holds, the connections still queued are accepted (the multishot accept re-armed).
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void outOfDescriptorsWhileAcceptingIsEMFILEAndAcceptingResumes(Backend b) throws Exception {
        int n = 400;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder("bash", "-c", "ulimit -n 256 && exec \"$0\" \"$@\"", java,
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                FaultsTest.class.getName(), "emfile", b.name(), Integer.toString(n))
                .redirectErrorStream(true).start();
        List<Socket> clients = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("PORT "), "child said: " + first);
            int port = Integer.parseInt(first.substring(5));
            for (int i = 0; i < n; i++) {
                Socket c = new Socket();
                c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                clients.add(c);
            }
            String rest = out.lines().reduce("", (a, l) -> a + l + "\n");
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), rest);
            assertEquals(0, child.exitValue(), rest);
            assertTrue(rest.matches("(?s).*EMFILE after \\d+: [A-Za-z.]*(IOException|SocketException): .*(EMFILE|Too many open files).*"), rest);
            assertTrue(rest.contains("ACCEPTED " + n), rest);
        } finally {
            for (Socket c : clients) {
                c.close();
            }
            child.destroyForcibly();
        }
    }

    /**
     * Loads every class of the class path's directories and jars: out of descriptors, the JVM
     * cannot open a class file, and the first failure path would end in NoClassDefFoundError
     * (the JDK's own classes come from the runtime image, open from the start).
     */
    static void preloadClasses() throws IOException {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path root = Path.of(entry);
            List<String> names = new ArrayList<>();
            if (Files.isDirectory(root)) {
                try (var files = Files.walk(root)) {
                    files.filter(p -> p.toString().endsWith(".class"))
                            .forEach(p -> names.add(root.relativize(p).toString()));
                }
            } else if (entry.endsWith(".jar") && Files.exists(root)) {
                try (var jar = new java.util.jar.JarFile(root.toFile())) {
                    jar.stream().map(java.util.jar.JarEntry::getName).filter(n -> n.endsWith(".class")).forEach(names::add);
                }
            }
            for (String n : names) {
                if (n.startsWith("io/loomuring/") || n.startsWith("io" + java.io.File.separator + "loomuring")) {
                    try {
                        Class.forName(n.substring(0, n.length() - 6).replace('/', '.').replace(java.io.File.separatorChar, '.'),
                                false, FaultsTest.class.getClassLoader());
                    } catch (Throwable ignored) {
                        // a class that cannot load here (optional dependency): not on the accept path
                    }
                }
            }
        }
    }

    /** The child of {@link #outOfDescriptorsWhileAcceptingIsEMFILEAndAcceptingResumes}: {@code emfile BACKEND N}. */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("client")) { // client PORT N: N connections with half a request each, then wait to be killed
            List<Socket> held = new ArrayList<>();
            for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1]));
                s.getOutputStream().write("GET /half-a-requ".getBytes(StandardCharsets.US_ASCII));
                held.add(s);
            }
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(120_000);
            return;
        }
        preloadClasses();
        Backend b = Backend.valueOf(args[1]);
        int n = Integer.parseInt(args[2]);
        try (UringServerSocket server = b.listen(LOOPBACK, 1024, Map.of())) {
            System.out.println("PORT " + ((InetSocketAddress) server.localAddress()).getPort());
            System.out.flush();
            List<UringSocket> held = new ArrayList<>();
            String failure = null;
            while (failure == null) {
                try {
                    held.add(server.accept(Duration.ofSeconds(30)));
                } catch (IOException e) {
                    failure = e.getClass().getName() + ": " + e.getMessage();
                }
            }
            System.out.println("EMFILE after " + held.size() + ": " + failure);
            int accepted = held.size();
            for (UringSocket s : held) {
                s.close();
            }
            while (accepted < n) {
                server.accept(Duration.ofSeconds(30)).close();
                accepted++;
            }
            System.out.println("ACCEPTED " + accepted);
        }
    }
}

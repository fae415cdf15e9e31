package io.loomuring;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.loomuring.internal.op.WholeFileOp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link UringFiles#readAllBytes} against {@link Files#readAllBytes}, differentially: the same
 * files and failures give the same bytes and the same exception types, on a platform thread, a
 * JDK virtual thread and a carrier-ring virtual thread, with each of its paths forced in turn
 * ({@code loomuring.file.wholeRead}: the linked chain in a ring, the caller's system calls, or the
 * default that picks per thread) — and no descriptor left open, and the chain really used.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WholeFileReadTest {
    private static final String MODE = "loomuring.file.wholeRead";
    private static final int CAP = WholeFileOp.CAPACITY;

    @TempDir
    Path dir;

    @AfterEach
    void defaultMode() {
        System.clearProperty(MODE);
    }

    /** Runs {@code body} on a thread of {@code kind}: platform, virtual (the JDK's), carrier. */
    static <T> T on(String kind, Callable<T> body) throws Exception {
        AtomicReference<Object> out = new AtomicReference<>();
        Runnable r = () -> {
            try {
                out.set(body.call());
            } catch (Throwable e) {
                out.set(new Failure(e));
            }
        };
        Thread t = switch (kind) {
            case "platform" -> Thread.ofPlatform().start(r);
            case "virtual" -> Thread.ofVirtual().start(r);
            case "carrier" -> {
                assumeTrue(LoomUring.carrierScheduler() != null, () -> "carrier rings unavailable: " + LoomUring.carrierRingsUnavailable());
                yield LoomUring.carrierThreads().start(r);
            }
            default -> throw new IllegalArgumentException(kind);
        };
        t.join();
        if (out.get() instanceof Failure f) {
            if (f.e instanceof Exception e) {
                throw e;
            }
            throw new AssertionError(f.e);
        }
        @SuppressWarnings("unchecked")
        T v = (T) out.get();
        return v;
    }

    private record Failure(Throwable e) {}

    /** What {@code UringFiles.readAllBytes(p)} throws on a virtual thread, or null. */
    private static IOException failureReading(Path p) throws Exception {
        return on("virtual", () -> {
            try {
                UringFiles.readAllBytes(p);
                return null;
            } catch (IOException x) {
                return x;
            }
        });
    }

    /** What a read gives a program: the bytes, or the exception's type and the file it names. */
    private static String outcome(Callable<byte[]> read) {
        try {
            byte[] b = read.call();
            return "bytes:" + b.length + ":" + java.util.Arrays.hashCode(b);
        } catch (java.nio.file.FileSystemException e) {
            return e.getClass().getName() + ":" + e.getFile();
        } catch (Exception e) {
            return e.getClass().getName();
        }
    }

    private List<Path> files() throws IOException {
        List<Path> ps = new ArrayList<>();
        for (int size : new int[] {0, 1, 4095, 4096, 4097, CAP - 1, CAP, CAP + 1, 300_000}) {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) {
                b[i] = (byte) (i * 31 + size);
            }
            ps.add(Files.write(dir.resolve("f" + size), b));
        }
        ps.add(dir.resolve("missing"));
        ps.add(Files.createDirectory(dir.resolve("sub")));
        ps.add(Files.createSymbolicLink(dir.resolve("link"), dir.resolve("f4097")));
        ps.add(Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nothing")));
        ps.add(dir.resolve("f1").resolve("under-a-file"));
        ps.add(Path.of("/proc/version"));
        return ps;
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto/platform", "auto/virtual", "auto/carrier", "chain/platform", "chain/virtual",
            "chain/carrier", "caller/virtual", "caller/carrier"})
    void sameBytesAndFailuresAsTheJdk(String modeAndKind) throws Exception {
        String[] mk = modeAndKind.split("/");
        System.setProperty(MODE, mk[0]);
        int before = Fds.socketsAndFiles();
        for (Path p : files()) {
            String jdk = outcome(() -> Files.readAllBytes(p));
            String ours = on(mk[1], () -> outcome(() -> UringFiles.readAllBytes(p)));
            assertEquals(jdk, ours, p.toString());
        }
        assertEquals(before, Fds.socketsAndFiles(), "descriptors left open");
    }

    @Test
    void aDirectoryIsTheJdksIOExceptionWithTheErrnoName() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        Path d = Files.createDirectory(dir.resolve("d"));
        for (String mode : new String[] {"chain", "caller"}) {
            System.setProperty(MODE, mode);
            IOException e = failureReading(d);
            assertNotNull(e, mode);
            assertEquals(IOException.class, e.getClass(), mode);
            assertTrue(e.getMessage().contains("EISDIR"), e.getMessage());
        }
    }

    @Test
    void onCarrierRingsACachedFileIsOneChainAndNoPark() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        Path p = Files.writeString(dir.resolve("small"), "hello, chain");
        Files.readAllBytes(p); // cached
        WholeReadStats before = WholeReadStats.now();
        String s = on("carrier", () -> UringFiles.readString(p));
        assertEquals("hello, chain", s);
        WholeReadStats d = WholeReadStats.now();
        assertEquals(1, d.chains() - before.chains(), "one chain");
        assertEquals(0, d.onCaller() - before.onCaller());
        assertEquals(0, d.throughFile() - before.throughFile());
        assertTrue(LoomUring.startedCarrierScheduler().stats().stream().mapToLong(c -> c.ring().chains()).sum() >= 1);
    }

    @Test
    void aLongerFileIsReadAgainToItsEnd() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        byte[] b = new byte[3 * CAP + 17];
        new java.util.Random(7).nextBytes(b);
        Path p = Files.write(dir.resolve("long"), b);
        for (String kind : new String[] {"virtual", "carrier"}) {
            long longer = WholeReadStats.now().throughFile();
            assertArrayEquals(b, on(kind, () -> UringFiles.readAllBytes(p)), kind);
            assertEquals(1, WholeReadStats.now().throughFile() - longer, kind);
        }
    }

    @Test
    void readStringRefusesMalformedInputAsTheJdk() throws Exception {
        Path p = Files.write(dir.resolve("latin1"), new byte[] {'a', (byte) 0xe9, 'b'});
        try {
            Files.readString(p);
            throw new AssertionError("the JDK decoded malformed UTF-8");
        } catch (MalformedInputException expected) {
            // the JDK's answer
        }
        for (String kind : new String[] {"virtual", "carrier"}) {
            String r = on(kind, () -> {
                try {
                    return UringFiles.readString(p);
                } catch (MalformedInputException e) {
                    return "malformed";
                }
            });
            assertEquals("malformed", r, kind);
            assertEquals("a\u00e9b", on(kind, () -> UringFiles.readString(p, StandardCharsets.ISO_8859_1)), kind);
        }
    }

    @Test
    void anInterruptedReaderReadsAndStaysInterrupted() throws Exception {
        Path p = Files.writeString(dir.resolve("i"), "still read");
        for (String mode : new String[] {"auto", "chain"}) {
            System.setProperty(MODE, mode);
            for (String kind : new String[] {"virtual", "carrier"}) {
                String jdk = on(kind, () -> {
                    Thread.currentThread().interrupt();
                    return new String(Files.readAllBytes(p)) + Thread.interrupted();
                });
                String ours = on(kind, () -> {
                    Thread.currentThread().interrupt();
                    return new String(UringFiles.readAllBytes(p)) + Thread.interrupted();
                });
                assertEquals("still readtrue", jdk, mode + "/" + kind);
                assertEquals(jdk, ours, mode + "/" + kind);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtual", "carrier"})
    void thousandsOfThreadsEachGetTheirOwnFile(String kind) throws Exception {
        int n = 2000;
        for (int i = 0; i < n; i++) {
            Files.writeString(dir.resolve("t" + i), "file " + i + " " + "x".repeat(i % 5000));
        }
        int before = Fds.socketsAndFiles();
        String bad = on(kind, () -> {
            List<Thread> ts = new ArrayList<>();
            AtomicReference<String> wrong = new AtomicReference<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                ts.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (int round = 0; round < 3; round++) {
                            String s = UringFiles.readString(dir.resolve("t" + k));
                            if (!s.equals("file " + k + " " + "x".repeat(k % 5000))) {
                                wrong.set("t" + k + " read " + s.length() + " chars");
                            }
                        }
                    } catch (IOException e) {
                        wrong.set("t" + k + ": " + e);
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            return wrong.get();
        });
        assertEquals(null, bad);
        assertEquals(before, Fds.socketsAndFiles(), "descriptors left open");
    }

    @Test
    void everyPathGivesItsBufferBack() throws Exception {
        Path p = Files.writeString(dir.resolve("pooled"), "pooled");
        for (String mode : new String[] {"caller", "chain"}) {
            System.setProperty(MODE, mode);
            for (String kind : new String[] {"platform", "carrier"}) {
                on(kind, () -> UringFiles.readAllBytes(p)); // warm: the pool's buffer exists
                int before = io.loomuring.internal.memory.BufferPool.shared().allocated();
                on(kind, () -> {
                    for (int i = 0; i < 500; i++) {
                        UringFiles.readAllBytes(p);
                    }
                    return null;
                });
                int grew = io.loomuring.internal.memory.BufferPool.shared().allocated() - before;
                assertTrue(grew <= 2, mode + "/" + kind + ": 500 reads allocated " + grew + " buffers");
            }
        }
    }

    /**
     * More chains waiting in the kernel than a ring has fixed-file slots (FIFOs, whose opens wait
     * for a writer): the chains that find no slot take the open-file path at once, nothing waits
     * behind them, and every reader gets its writer's bytes.
     */
    @Test
    void chainsBeyondTheFileSlotsTakeTheOpenFilePath() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        assumeTrue(LoomUring.carrierScheduler() != null, () -> "carrier rings unavailable: " + LoomUring.carrierRingsUnavailable());
        int n = 600; // two carriers' rings of 256 slots: one of them meets more readers than slots
        List<String> cmd = new ArrayList<>(List.of("mkfifo"));
        for (int i = 0; i < n; i++) {
            cmd.add(dir.resolve("fifo" + i).toString());
        }
        assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor());
        long through = WholeReadStats.now().throughFile();
        String bad = on("platform", () -> {
            // The readers are carrier-ring virtual threads; the thread that starts them and the writers
            // are platform threads: a reader that found no slot opens its FIFO on the caller, which holds its carrier
            // until a writer comes, so the writers must not need a carrier.
            List<Thread> readers = new ArrayList<>();
            AtomicReference<String> wrong = new AtomicReference<>();
            for (int i = 0; i < n; i++) {
                Path f = dir.resolve("fifo" + i);
                String want = "from writer " + i;
                readers.add(LoomUring.carrierThreads().start(() -> {
                    try {
                        String got = UringFiles.readString(f);
                        if (!got.equals(want)) {
                            wrong.set(f + " read '" + got + "'");
                        }
                    } catch (IOException e) {
                        wrong.set(f + ": " + e);
                    }
                }));
            }
            Thread.sleep(300); // the readers' chains are in the kernel, waiting for writers
            for (int i = 0; i < n; i++) {
                Path f = dir.resolve("fifo" + i);
                String text = "from writer " + i;
                Thread.ofPlatform().start(() -> {
                    try (var out = new java.io.FileOutputStream(f.toFile())) {
                        out.write(text.getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        wrong.set("writer " + f + ": " + e);
                    }
                });
            }
            for (Thread t : readers) {
                t.join();
            }
            return wrong.get();
        });
        assertEquals(null, bad);
        assertTrue(WholeReadStats.now().throughFile() > through, "some readers found no slot");
    }

    /** A FIFO longer than one read cannot be read again from its start: an error, never fewer bytes. */
    @Test
    void aLongFifoIsAnErrorNotFewerBytes() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        Path f = dir.resolve("long-fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", f.toString()).inheritIO().start().waitFor());
        for (String kind : new String[] {"platform", "carrier"}) {
            Thread writer = Thread.ofPlatform().start(() -> {
                try (var out = new java.io.FileOutputStream(f.toFile())) {
                    out.write(new byte[3 * CAP]);
                } catch (IOException e) {
                    // the reader gave up: the pipe broke
                }
            });
            IOException e = on(kind, () -> {
                try {
                    UringFiles.readAllBytes(f);
                    return null;
                } catch (IOException x) {
                    return x;
                }
            });
            writer.join();
            assertNotNull(e, kind);
            assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        }
    }

    @Test
    void missingFileNamesThePath() throws Exception {
        Path p = dir.resolve("nope");
        for (String mode : new String[] {"chain", "caller"}) {
            System.setProperty(MODE, mode);
            IOException e = failureReading(p);
            assertEquals(NoSuchFileException.class, e == null ? null : e.getClass(), mode);
            assertEquals(p.toString(), ((NoSuchFileException) e).getFile(), mode);
        }
    }
}

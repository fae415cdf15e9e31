package io.loomuring.compat;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.loomuring.Backend;
import io.loomuring.Backends;

/**
 * The differential harness: every scenario runs once against the JDK's own {@link FileChannel}
 * and once against {@link UringFileChannel}, each in a fresh file, and both must observe the same
 * trace — return values, positions, sizes, contents and the exact exception types.
 * {@code ./mvnw verify -pl compat -Dtest.jvm.args=-Dtrace=true} prints the traces.
 */
class FileChannelDifferentialTest {
    @TempDir
    Path dir;

    interface Opener {
        FileChannel open(Path p, OpenOption... o) throws IOException;
    }

    interface Scenario {
        void run(Opener open, Path file, List<String> trace) throws Exception;
    }

    static final Opener JDK = (p, o) -> FileChannel.open(p, Set.of(o));
    static final Opener URING = (p, o) -> UringFileChannel.open(p, Set.of(o));

    /** Runs {@code call}, noting its value or its exception's type. */
    static void note(List<String> trace, String what, Call call) {
        try {
            trace.add(what + " = " + call.run());
        } catch (Throwable t) {
            trace.add(what + " ! " + t.getClass().getName());
        }
    }

    interface Call {
        Object run() throws Exception;
    }

    static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static String content(Path p) throws IOException {
        return Files.readString(p);
    }

    static String str(ByteBuffer b) {
        b.flip();
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    List<String> trace(String side, Opener open, Scenario s) throws Exception {
        Path f = Files.createDirectories(dir.resolve(side)).resolve("f");
        Files.writeString(f, "0123456789");
        List<String> trace = new ArrayList<>();
        s.run(open, f, trace);
        Thread.interrupted(); // a scenario may leave the status set
        return trace;
    }

    Stream<DynamicTest> scenarios(Object... nameAndScenario) {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < nameAndScenario.length; i += 2) {
            String name = (String) nameAndScenario[i];
            Scenario s = (Scenario) nameAndScenario[i + 1];
            tests.add(DynamicTest.dynamicTest(name, () -> {
                List<String> jdk = trace("jdk-" + name.hashCode(), JDK, s);
                List<String> uring = trace("uring-" + name.hashCode(), URING, s);
                if (Boolean.getBoolean("trace")) { System.out.println("== " + name + "\n" + String.join("\n", uring)); }
                assertEquals(String.join("\n", jdk), String.join("\n", uring), name);
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> sameAsTheJdk() {
        return scenarios(
            "read to end of file", (Scenario) (open, f, t) -> {
                try (FileChannel c = open.open(f, READ)) {
                    ByteBuffer b = ByteBuffer.allocate(4);
                    note(t, "read", () -> c.read(b));
                    note(t, "data", () -> str(b));
                    note(t, "position", c::position);
                    note(t, "read past", () -> c.read(ByteBuffer.allocate(100), 10));
                    note(t, "read full buffer", () -> c.read(ByteBuffer.allocate(0)));
                    c.position(10);
                    note(t, "read at end", () -> c.read(ByteBuffer.allocate(4)));
                    c.position(50);
                    note(t, "read beyond end", () -> c.read(ByteBuffer.allocate(4)));
                    note(t, "position kept", c::position);
                }
            },
            "closed channel", (Scenario) (open, f, t) -> {
                FileChannel c = open.open(f, READ, WRITE);
                c.close();
                note(t, "isOpen", c::isOpen);
                note(t, "read", () -> c.read(ByteBuffer.allocate(1)));
                note(t, "write", () -> c.write(text("x")));
                note(t, "position", c::position);
                note(t, "size", c::size);
                note(t, "force", () -> { c.force(true); return null; });
                note(t, "truncate", () -> c.truncate(1));
                note(t, "close again", () -> { c.close(); return null; });
            },
            "wrong mode", (Scenario) (open, f, t) -> {
                try (FileChannel r = open.open(f, READ); FileChannel w = open.open(f, WRITE)) {
                    note(t, "write on read-only", () -> r.write(text("x")));
                    note(t, "positional write on read-only", () -> r.write(text("x"), 0));
                    note(t, "truncate read-only", () -> r.truncate(1));
                    note(t, "read on write-only", () -> w.read(ByteBuffer.allocate(1)));
                    note(t, "positional read on write-only", () -> w.read(ByteBuffer.allocate(1), 0));
                }
            },
            "bad arguments", (Scenario) (open, f, t) -> {
                try (FileChannel c = open.open(f, READ, WRITE)) {
                    note(t, "negative position", () -> c.position(-1));
                    note(t, "negative read position", () -> c.read(ByteBuffer.allocate(1), -1));
                    note(t, "null buffer", () -> c.read((ByteBuffer) null));
                    note(t, "negative truncate", () -> c.truncate(-1));
                    note(t, "bad gather range", () -> c.write(new ByteBuffer[1], 1, 1));
                }
            },
            "write past the end, sizes and positions", (Scenario) (open, f, t) -> {
                try (FileChannel c = open.open(f, READ, WRITE)) {
                    note(t, "write", () -> c.write(text("ab")));
                    note(t, "position", c::position);
                    note(t, "positional write past end", () -> c.write(text("zz"), 20));
                    note(t, "size", c::size);
                    note(t, "position unchanged", c::position);
                    c.position(30);
                    note(t, "write at 30", () -> c.write(text("!")));
                    note(t, "size", c::size);
                }
                t.add(content(f).replace('\0', '_'));
            },
            "append mode", (Scenario) (open, f, t) -> {
                try (FileChannel c = open.open(f, WRITE, APPEND)) {
                    note(t, "position at open", c::position);
                    c.position(2);
                    note(t, "write", () -> c.write(text("X")));
                    note(t, "position after", c::position);
                    note(t, "positional write", () -> c.write(text("Y"), 0));
                    note(t, "size", c::size);
                }
                t.add(content(f));
            },
            "truncate", (Scenario) (open, f, t) -> {
                try (FileChannel c = open.open(f, READ, WRITE)) {
                    c.position(8);
                    note(t, "truncate to 4", () -> c.truncate(4).size());
                    note(t, "position pulled back", c::position);
                    note(t, "truncate larger", () -> c.truncate(100).size());
                }
                try (FileChannel c = open.open(f, WRITE, TRUNCATE_EXISTING)) {
                    note(t, "TRUNCATE_EXISTING size", c::size);
                }
            },
            "scatter and gather", (Scenario) (open, f, t) -> {
                try (FileChannel c = open.open(f, READ, WRITE)) {
                    ByteBuffer a = ByteBuffer.allocate(3), b = ByteBuffer.allocateDirect(4);
                    note(t, "scatter", () -> c.read(new ByteBuffer[] {a, b}));
                    note(t, "parts", () -> str(a) + "|" + str(b));
                    note(t, "gather", () -> c.write(new ByteBuffer[] {text("AB"), text(""), text("CDE")}, 0, 3));
                    note(t, "position", c::position);
                }
                t.add(content(f));
            },
            "transfers", (Scenario) (open, f, t) -> {
                Path g = f.resolveSibling("g");
                try (FileChannel c = open.open(f, READ, WRITE); FileChannel d = open.open(g, READ, WRITE, CREATE)) {
                    note(t, "transferTo", () -> c.transferTo(2, 5, d));
                    note(t, "target position", d::position);
                    note(t, "transferFrom", () -> c.transferFrom(d, 0, 100));
                    note(t, "transferFrom past end", () -> c.transferFrom(d, 1000, 1));
                    note(t, "transferTo from write-only", () -> {
                        try (FileChannel w = open.open(g, WRITE)) {
                            return w.transferTo(0, 1, c);
                        }
                    });
                }
                t.add(content(f) + "/" + content(g));
            },
            "map and lock", (Scenario) (open, f, t) -> {
                try (FileChannel c = open.open(f, READ, WRITE)) {
                    MappedByteBuffer m = c.map(FileChannel.MapMode.READ_ONLY, 2, 3);
                    note(t, "mapped", () -> (char) m.get(0) + "" + (char) m.get(2));
                    FileLock l = c.lock();
                    note(t, "lock", () -> l.isValid() + " " + l.isShared() + " " + (l.channel() == c));
                    note(t, "overlapping tryLock", () -> c.tryLock());
                    l.release();
                    note(t, "released", l::isValid);
                    FileLock l2 = c.tryLock(0, 5, false);
                    note(t, "tryLock", () -> l2 != null && l2.isValid());
                    c.close();
                    note(t, "lock after close", l2::isValid);
                }
            },
            "interrupted thread", (Scenario) (open, f, t) -> {
                FileChannel c = open.open(f, READ, WRITE);
                Thread.currentThread().interrupt();
                note(t, "read", () -> c.read(ByteBuffer.allocate(1)));
                note(t, "interrupt status kept", () -> Thread.currentThread().isInterrupted());
                Thread.interrupted();
                note(t, "channel closed", c::isOpen);
                note(t, "next read", () -> c.read(ByteBuffer.allocate(1)));
            },
            "interrupted on a virtual thread", (Scenario) (open, f, t) -> {
                FileChannel c = open.open(f, READ, WRITE);
                Thread v = Thread.ofVirtual().start(() -> {
                    Thread.currentThread().interrupt();
                    note(t, "write", () -> c.write(text("x"), 0));
                });
                v.join();
                note(t, "channel closed", c::isOpen);
            },
            "closed by another thread while blocked", (Scenario) (open, f, t) -> {
                Path fifo = f.resolveSibling("fifo");
                assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
                FileChannel c = open.open(fifo, READ, WRITE); // O_RDWR: opening a FIFO does not wait for a writer
                Thread closer = new Thread(() -> {
                    try {
                        Thread.sleep(300);
                        c.close();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                closer.start();
                note(t, "blocked read", () -> c.read(ByteBuffer.allocate(1)));
                closer.join();
                note(t, "open", c::isOpen);
            });
    }

    @TestFactory
    Stream<DynamicTest> largeReadsAndArenaMapsSameAsTheJdk() {
        return scenarios(
            "a read into a large heap buffer fills it", (Scenario) (open, f, t) -> {
                int size = 64 << 20;
                try (FileChannel c = open.open(f, READ, WRITE)) {
                    c.write(text("end"), size - 3); // sparse: 64 MiB, mostly holes
                    ByteBuffer big = ByteBuffer.allocate(size);
                    note(t, "read", () -> c.read(big, 0));
                    note(t, "tail", () -> new String(big.array(), size - 3, 3, StandardCharsets.UTF_8));
                    ByteBuffer past = ByteBuffer.allocate(size);
                    note(t, "read from the middle", () -> c.read(past, size / 2));
                    note(t, "relative read", () -> c.read(ByteBuffer.allocate(size)));
                    note(t, "position", c::position);
                }
            },
            "map into an arena", (Scenario) (open, f, t) -> {
                try (FileChannel c = open.open(f, READ, WRITE); java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                    java.lang.foreign.MemorySegment m = c.map(FileChannel.MapMode.READ_WRITE, 2, 4, arena);
                    note(t, "size", m::byteSize);
                    note(t, "byte", () -> (char) m.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
                    m.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 'X');
                    note(t, "read-only map of a read-write channel", () -> c.map(FileChannel.MapMode.READ_ONLY, 0, 10, arena).isReadOnly());
                }
                note(t, "written through", () -> content(f));
                try (FileChannel c = open.open(f, READ); java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                    note(t, "read-write map of a read-only channel", () -> c.map(FileChannel.MapMode.READ_WRITE, 0, 4, arena));
                    note(t, "negative size", () -> c.map(FileChannel.MapMode.READ_ONLY, 0, -1, arena));
                    c.close();
                    note(t, "closed", () -> c.map(FileChannel.MapMode.READ_ONLY, 0, 1, arena));
                }
            });
    }
}

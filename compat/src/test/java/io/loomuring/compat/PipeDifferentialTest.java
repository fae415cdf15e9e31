package io.loomuring.compat;

import static io.loomuring.compat.SocketChannelDifferentialTest.blockedThen;
import static io.loomuring.compat.SocketChannelDifferentialTest.note;
import static io.loomuring.compat.SocketChannelDifferentialTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.loomuring.Backend;
import io.loomuring.Backends;

/**
 * {@link java.nio.channels.Pipe} on the JDK and through {@link UringSelectorProvider#openPipe()},
 * the same scenarios, the same traces: data in order, scattering and gathering, end of stream,
 * a write after the source closed, close from another thread, interrupts by thread kind.
 */
class PipeDifferentialTest {
    interface Opener {
        Pipe open() throws Exception;
    }

    interface Scenario {
        void run(Opener pipes, List<String> trace) throws Exception;
    }

    static String text(ByteBuffer b) {
        b.flip();
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    Stream<DynamicTest> scenarios(Object... nameAndScenario) {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < nameAndScenario.length; i += 2) {
            String name = (String) nameAndScenario[i];
            Scenario s = (Scenario) nameAndScenario[i + 1];
            tests.add(DynamicTest.dynamicTest(name, () -> {
                List<String> jdk = new ArrayList<>(), uring = new ArrayList<>();
                s.run(Pipe::open, jdk);
                Thread.interrupted();
                s.run(UringSelectorProvider.INSTANCE::openPipe, uring);
                Thread.interrupted();
                assertEquals(String.join("\n", jdk), String.join("\n", uring), name);
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> pipesBehaveAsTheJdks() {
        return scenarios(
            "write, read, end of stream", (Scenario) (pipes, t) -> {
                Pipe p = pipes.open();
                note(t, "open", () -> p.source().isOpen() + " " + p.sink().isOpen() + " " + p.source().isBlocking());
                note(t, "write", () -> p.sink().write(SocketChannelDifferentialTest.text("hello")));
                ByteBuffer b = ByteBuffer.allocate(10);
                note(t, "read", () -> p.source().read(b) + " " + text(b));
                note(t, "gather", () -> p.sink().write(new ByteBuffer[] {SocketChannelDifferentialTest.text("ab"), SocketChannelDifferentialTest.text("cdef")}));
                ByteBuffer[] bs = {ByteBuffer.allocate(3), ByteBuffer.allocate(2), ByteBuffer.allocateDirect(8)};
                note(t, "scatter", () -> p.source().read(bs) + " " + bs[0].position() + bs[1].position() + bs[2].position());
                note(t, "zero-length read", () -> p.source().read(ByteBuffer.allocate(0)));
                p.sink().write(SocketChannelDifferentialTest.text("z"));
                p.sink().close();
                ByteBuffer rest = ByteBuffer.allocate(10);
                note(t, "read what is left", () -> p.source().read(rest) + " " + text(rest));
                note(t, "end of stream", () -> p.source().read(ByteBuffer.allocate(10)));
                note(t, "write on closed sink", () -> p.sink().write(SocketChannelDifferentialTest.text("x")));
                p.source().close();
                note(t, "read on closed source", () -> p.source().read(ByteBuffer.allocate(1)));
                note(t, "closed", () -> p.source().isOpen() + " " + p.sink().isOpen());
            },
            "write after the source closed", (Scenario) (pipes, t) -> {
                Pipe p = pipes.open();
                p.source().close();
                note(t, "write", () -> p.sink().write(SocketChannelDifferentialTest.text("x")));
                note(t, "sink open", p.sink()::isOpen);
                p.sink().close();
            },
            "four megabytes through, with a checksum", (Scenario) (pipes, t) -> {
                Pipe p = pipes.open();
                byte[] data = new byte[4 << 20];
                new java.util.Random(3).nextBytes(data);
                CRC32 sent = new CRC32();
                sent.update(data);
                Thread w = Thread.ofVirtual().start(() -> {
                    try (var out = Channels.newOutputStream(p.sink())) {
                        out.write(data);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                CRC32 got = new CRC32();
                long n = 0;
                ByteBuffer b = ByteBuffer.allocate(100_000);
                int k;
                while ((k = p.source().read(b.clear())) >= 0) {
                    got.update(b.flip());
                    n += k;
                }
                w.join();
                long total = n;
                note(t, "bytes", () -> total);
                note(t, "same checksum", () -> got.getValue() == sent.getValue());
                p.source().close();
            },
            "close and interrupt under a blocked read", (Scenario) (pipes, t) -> {
                Pipe p = pipes.open();
                t.add(blockedThen("read under close", () -> p.source().read(ByteBuffer.allocate(4)),
                        () -> { p.source().close(); return null; }));
                p.sink().close();
                for (Thread.Builder kind : new Thread.Builder[] {Thread.ofVirtual(), Thread.ofPlatform()}) {
                    Pipe q = pipes.open();
                    Thread[] reader = new Thread[1];
                    t.add(blockedThen(kind, "interrupted read", () -> { reader[0] = Thread.currentThread(); return q.source().read(ByteBuffer.allocate(4)); },
                            () -> { reader[0].interrupt(); return null; }));
                    note(t, "source open", q.source()::isOpen);
                    note(t, "sink open", q.sink()::isOpen);
                    q.sink().close();
                }
            });
    }
}

package io.loomuring.compat;

import static io.loomuring.compat.SocketChannelDifferentialTest.LOOPBACK;
import static io.loomuring.compat.SocketChannelDifferentialTest.blockedThen;
import static io.loomuring.compat.SocketChannelDifferentialTest.connect;
import static io.loomuring.compat.SocketChannelDifferentialTest.note;
import static io.loomuring.compat.SocketChannelDifferentialTest.text;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.loomuring.compat.SocketChannelDifferentialTest.Conn;
import io.loomuring.compat.SocketChannelDifferentialTest.Scenario;

/**
 * Behaviours where the JDK's own regression tests told compat's channels apart from the JDK's, each
 * a scenario run on both with the traces compared: the adaptors' option rules, their blocking-mode
 * checks and connect, a datagram adaptor's receive under interrupt, port unreachable on a connected
 * datagram channel, urgent data into a full send buffer, the streams of {@link Channels} over a
 * socket channel, and an interrupt during {@code transferFrom} a pipe.
 */
class AdaptorsAndStreamsDifferentialTest {
    private final SocketChannelDifferentialTest harness = new SocketChannelDifferentialTest();

    @TempDir
    Path dir;

    static final SocketOption<Boolean> DONT_FRAGMENT = jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT;
    static final SocketOption<Integer> NAPI = jdk.net.ExtendedSocketOptions.SO_INCOMING_NAPI_ID;

    /** setOption/getOption on an adaptor, as java.net.Socket's three kinds have them. */
    interface Options {
        <T> void set(SocketOption<T> o, T v) throws Exception;

        <T> T get(SocketOption<T> o) throws Exception;
    }

    static Options of(Socket s) {
        return new Options() {
            public <T> void set(SocketOption<T> o, T v) throws Exception { s.setOption(o, v); }
            public <T> T get(SocketOption<T> o) throws Exception { return s.getOption(o); }
        };
    }

    static Options of(ServerSocket s) {
        return new Options() {
            public <T> void set(SocketOption<T> o, T v) throws Exception { s.setOption(o, v); }
            public <T> T get(SocketOption<T> o) throws Exception { return s.getOption(o); }
        };
    }

    static Options of(DatagramSocket s) {
        return new Options() {
            public <T> void set(SocketOption<T> o, T v) throws Exception { s.setOption(o, v); }
            public <T> T get(SocketOption<T> o) throws Exception { return s.getOption(o); }
        };
    }

    static void options(List<String> t, String kind, Options o) {
        note(t, kind + " set SO_RCVBUF null", () -> { o.set(StandardSocketOptions.SO_RCVBUF, null); return "set"; });
        note(t, kind + " set DONTFRAGMENT", () -> { o.set(DONT_FRAGMENT, true); return "set"; });
        note(t, kind + " get DONTFRAGMENT", () -> o.get(DONT_FRAGMENT));
        note(t, kind + " set NAPI", () -> { o.set(NAPI, 1); return "set"; });
        note(t, kind + " set NAPI null", () -> { o.set(NAPI, null); return "set"; });
        note(t, kind + " get NAPI", () -> o.get(NAPI));
        note(t, kind + " set SO_RCVBUF", () -> { o.set(StandardSocketOptions.SO_RCVBUF, 8192); return "set"; });
        note(t, kind + " set null option", () -> { o.set(null, 1); return "set"; });
    }

    @TestFactory
    Stream<DynamicTest> adaptorsAndStreamsBehaveAsTheJdks() {
        return harness.scenarios(
            "adaptor options: null values, unsupported and read-only options, open and closed", (Scenario) (net, t) -> {
                SocketChannel sc = net.socket();
                ServerSocketChannel ss = net.server();
                DatagramChannel dc = net.datagram();
                note(t, "datagram DONTFRAGMENT fresh", () -> dc.getOption(DONT_FRAGMENT));
                for (boolean closed : new boolean[] {false, true}) {
                    if (closed) {
                        sc.close();
                        ss.close();
                        dc.close();
                    }
                    options(t, "socket closed=" + closed, of(sc.socket()));
                    options(t, "server closed=" + closed, of(ss.socket()));
                    options(t, "datagram closed=" + closed, of(dc.socket()));
                }
            },
            "socket adaptor in non-blocking mode: streams and connect", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    Socket s = c.client().socket();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    c.client().configureBlocking(false);
                    note(t, "read", in::read);
                    note(t, "read array", () -> in.read(new byte[4]));
                    note(t, "read nothing", () -> in.read(new byte[0]));
                    note(t, "write", () -> { out.write(1); return "written"; });
                    note(t, "write nothing", () -> { out.write(new byte[0]); return "written"; });
                    note(t, "available", in::available);
                    c.client().configureBlocking(true);
                    note(t, "write when blocking again", () -> { out.write(7); return "written"; });
                    note(t, "read by the peer", () -> c.accepted().read(ByteBuffer.allocate(4)));
                }
                try (ServerSocketChannel server = net.server().bind(LOOPBACK); SocketChannel sc = net.socket()) {
                    sc.configureBlocking(false);
                    note(t, "non-blocking adaptor connect", () -> { sc.socket().connect(server.getLocalAddress()); return "connected"; });
                    note(t, "open", sc::isOpen);
                    note(t, "pending", sc::isConnectionPending);
                }
                try (ServerSocketChannel server = net.server().bind(LOOPBACK)) {
                    SocketChannel sc = net.socket();
                    sc.close();
                    note(t, "closed adaptor connect", () -> { sc.socket().connect(server.getLocalAddress()); return "connected"; });
                    note(t, "closed adaptor connect unresolved", () -> {
                        sc.socket().connect(InetSocketAddress.createUnresolved("nosuchhost.invalid", 80));
                        return "connected";
                    });
                }
                try (Conn c = connect(net)) {
                    note(t, "connected adaptor connect unresolved", () -> {
                        c.client().socket().connect(InetSocketAddress.createUnresolved("nosuchhost.invalid", 80));
                        return "connected";
                    });
                    note(t, "connected adaptor connect", () -> { c.client().socket().connect(c.server().getLocalAddress()); return "connected"; });
                }
            },
            "urgent data into a full send buffer, non-blocking", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    c.client().setOption(StandardSocketOptions.SO_SNDBUF, 4096);
                    c.client().configureBlocking(false);
                    note(t, "urgent with room", () -> { c.client().socket().sendUrgentData(1); return "sent"; });
                    ByteBuffer big = ByteBuffer.allocate(1 << 20);
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (c.client().write(big.clear()) > 0 && System.nanoTime() < deadline) {
                        // fill the send buffer and the peer's receive buffer
                    }
                    note(t, "urgent into a full buffer", () -> { c.client().socket().sendUrgentData(2); return "sent"; });
                }
            },
            "the datagram adaptor of a closed channel: an unresolved address first", (Scenario) (net, t) -> {
                DatagramChannel dc = net.datagram();
                dc.close();
                note(t, "connect unresolved", () -> { dc.socket().connect(InetSocketAddress.createUnresolved("nosuchhost.invalid", 9)); return "connected"; });
                note(t, "connect resolved", () -> { dc.socket().connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9)); return "connected"; });
            },
            "a connected datagram channel after an ICMP port unreachable", (Scenario) (net, t) -> {
                InetSocketAddress dead;
                try (DatagramChannel d = net.datagram().bind(LOOPBACK)) {
                    dead = (InetSocketAddress) d.getLocalAddress();
                }
                try (DatagramChannel c = net.datagram()) {
                    c.connect(dead);
                    note(t, "write", () -> c.write(ByteBuffer.wrap(new byte[] {1})));
                    Thread.sleep(100);
                    c.configureBlocking(false);
                    note(t, "non-blocking receive", () -> c.receive(ByteBuffer.allocate(8)));
                    note(t, "write again", () -> c.write(ByteBuffer.wrap(new byte[] {1})));
                    Thread.sleep(100);
                    note(t, "write after the ICMP", () -> c.write(ByteBuffer.wrap(new byte[] {1})));
                    c.configureBlocking(true);
                    note(t, "write", () -> c.write(ByteBuffer.wrap(new byte[] {1})));
                    Thread.sleep(100);
                    note(t, "blocking receive", () -> c.receive(ByteBuffer.allocate(8)));
                    note(t, "send", () -> c.send(ByteBuffer.wrap(new byte[] {1}), dead));
                    Thread.sleep(100);
                    note(t, "blocking read", () -> c.read(ByteBuffer.allocate(8)));
                    note(t, "open", c::isOpen);
                }
                try (DatagramChannel c = net.datagram()) {
                    DatagramSocket ds = c.socket();
                    ds.connect(dead);
                    ds.send(new DatagramPacket(new byte[1], 1));
                    Thread.sleep(100);
                    ds.setSoTimeout(2000);
                    note(t, "adaptor receive", () -> { ds.receive(new DatagramPacket(new byte[8], 8)); return "received"; });
                }
            },
            "the datagram adaptor's receive interrupted, by thread kind", (Scenario) (net, t) -> {
                for (Thread.Builder kind : new Thread.Builder[] {Thread.ofPlatform(), Thread.ofVirtual()}) {
                    try (DatagramChannel dc = net.datagram().bind(LOOPBACK)) {
                        DatagramSocket ds = dc.socket();
                        Thread[] receiver = new Thread[1];
                        t.add(blockedThen(kind, "receive", () -> {
                            receiver[0] = Thread.currentThread();
                            ds.receive(new DatagramPacket(new byte[8], 8));
                            return "received";
                        }, () -> { receiver[0].interrupt(); return null; }));
                        note(t, "open", dc::isOpen);
                        note(t, "adaptor closed", ds::isClosed);
                    }
                }
            },
            "Channels.newInputStream and newOutputStream: a blocked read does not hold up a write", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    InputStream in = Channels.newInputStream(c.client());
                    OutputStream out = Channels.newOutputStream(c.client());
                    Thread reader = Thread.ofVirtual().start(() -> {
                        try {
                            t.add("read " + in.read());
                        } catch (Exception e) {
                            t.add("read ! " + e);
                        }
                    });
                    Thread.sleep(200); // the read is blocked, holding the stream's lock on the channel
                    Thread writer = Thread.ofVirtual().start(() -> {
                        try {
                            out.write(new byte[] {'w'});
                        } catch (Exception e) {
                            t.add("write ! " + e);
                        }
                    });
                    note(t, "the write finished while the read was blocked", () -> writer.join(java.time.Duration.ofSeconds(5)));
                    c.accepted().write(text("r")); // ends the read (and a write held up behind it)
                    reader.join();
                    writer.join();
                    note(t, "the peer got it", () -> (char) Channels.newInputStream(c.accepted()).read());
                }
            },
            "Channels streams: interrupt of a blocked read through the stream", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    InputStream in = Channels.newInputStream(c.client());
                    Thread[] reader = new Thread[1];
                    t.add(blockedThen(Thread.ofVirtual(), "read", () -> { reader[0] = Thread.currentThread(); return in.read(); },
                            () -> { reader[0].interrupt(); return null; }));
                    note(t, "open", c.client()::isOpen);
                }
            },
            "an interrupt during transferFrom a pipe closes both channels", (Scenario) (net, t) -> {
                SelectorProvider p = net == SocketChannelDifferentialTest.JDK ? SelectorProvider.provider() : UringSelectorProvider.INSTANCE;
                for (Thread.Builder kind : new Thread.Builder[] {Thread.ofPlatform(), Thread.ofVirtual()}) {
                    Pipe pipe = p.openPipe();
                    Path f = Files.createTempFile(dir, "target", ".dat");
                    FileChannel fc = net.file(f, StandardOpenOption.WRITE);
                    Thread[] caller = new Thread[1];
                    t.add(blockedThen(kind, "transferFrom", () -> {
                        caller[0] = Thread.currentThread();
                        return fc.transferFrom(pipe.source(), 0, 100);
                    }, () -> { caller[0].interrupt(); return null; }));
                    note(t, "file channel open", fc::isOpen);
                    note(t, "pipe source open", pipe.source()::isOpen);
                    fc.close();
                    pipe.sink().close();
                    pipe.source().close();
                }
            });
    }
}

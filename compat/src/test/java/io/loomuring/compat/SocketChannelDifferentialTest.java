package io.loomuring.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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
 * The differential harness for sockets: every scenario runs once on the JDK's own
 * {@link SocketChannel}, {@link ServerSocketChannel} and {@link DatagramChannel} (and their
 * {@code socket()} adaptors) and once on compat's, over real loopback connections, and both must
 * observe the same trace — return values, data, states and the exact exception types.
 * {@code ./mvnw verify -pl compat -Dtest.jvm.args=-Dtrace=true} prints the traces.
 */
class SocketChannelDifferentialTest {
    interface Net {
        SocketChannel socket() throws Exception;
        ServerSocketChannel server() throws Exception;
        DatagramChannel datagram() throws Exception;
        java.nio.channels.FileChannel file(java.nio.file.Path p, java.nio.file.OpenOption... o) throws Exception;
    }

    static final Net JDK = new Net() {
        public SocketChannel socket() throws Exception { return SocketChannel.open(); }
        public ServerSocketChannel server() throws Exception { return ServerSocketChannel.open(); }
        public DatagramChannel datagram() throws Exception { return DatagramChannel.open(); }
        public java.nio.channels.FileChannel file(java.nio.file.Path p, java.nio.file.OpenOption... o) throws Exception {
            return java.nio.channels.FileChannel.open(p, o);
        }
    };
    static final Net URING = new Net() {
        public SocketChannel socket() throws Exception { return UringSocketChannel.open(); }
        public ServerSocketChannel server() { return UringServerSocketChannel.open(); }
        public DatagramChannel datagram() { return UringDatagramChannel.open(); }
        public java.nio.channels.FileChannel file(java.nio.file.Path p, java.nio.file.OpenOption... o) throws Exception {
            return UringFileChannel.open(p, o);
        }
    };

    interface Scenario {
        void run(Net net, List<String> trace) throws Exception;
    }

    interface Call {
        Object run() throws Exception;
    }

    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    static void note(List<String> trace, String what, Call call) {
        try {
            trace.add(what + " = " + call.run());
        } catch (Throwable t) {
            trace.add(what + " ! " + t.getClass().getName());
        }
    }

    static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static String str(ByteBuffer b) {
        b.flip();
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    /** Reads one chunk and returns it as text, or the count when it is not positive. */
    static Object readText(SocketChannel c, int max) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(max);
        int n = c.read(b);
        return n <= 0 ? n : str(b);
    }

    record Conn(ServerSocketChannel server, SocketChannel client, SocketChannel accepted) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            accepted.close();
            client.close();
            server.close();
        }
    }

    static Conn connect(Net net) throws Exception {
        ServerSocketChannel server = net.server().bind(LOOPBACK);
        SocketChannel client = net.socket();
        client.connect(server.getLocalAddress());
        return new Conn(server, client, server.accept());
    }

    /** Runs {@code body} on a virtual thread started now; join() returns what it noted. */
    static Thread later(long delayMillis, Call body) {
        return Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(delayMillis);
                body.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    /**
     * Runs {@code call} on a virtual thread, waits until it is parked in the call (so that
     * {@code action} — a close, an interrupt — lands on a blocked operation, whatever the machine's
     * speed), runs {@code action}, and returns what the thread noted, with its interrupt status.
     */
    static String blockedThen(String what, Call call, Call action) throws Exception {
        return blockedThen(Thread.ofVirtual(), what, call, action);
    }

    /** {@link #blockedThen(String, Call, Call)} on a thread of {@code kind} (platform or virtual). */
    static String blockedThen(Thread.Builder kind, String what, Call call, Call action) throws Exception {
        List<String> local = new ArrayList<>();
        Thread t = kind.start(() -> {
            note(local, what, call);
            local.add("interrupt status " + Thread.currentThread().isInterrupted());
        });
        // A platform thread blocked in the JDK's native accept or read stays RUNNABLE: give it time.
        long deadline = System.nanoTime() + (t.isVirtual() ? 10_000_000_000L : 300_000_000L);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING
                && t.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Thread.sleep(50); // parked in the operation itself, not on the way to it
        action.run();
        t.join();
        return String.join("; ", local);
    }

    Stream<DynamicTest> scenarios(Object... nameAndScenario) {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < nameAndScenario.length; i += 2) {
            String name = (String) nameAndScenario[i];
            Scenario s = (Scenario) nameAndScenario[i + 1];
            tests.add(DynamicTest.dynamicTest(name, () -> {
                List<String> jdk = new ArrayList<>(), uring = new ArrayList<>();
                s.run(JDK, jdk);
                Thread.interrupted();
                s.run(URING, uring);
                Thread.interrupted();
                if (Boolean.getBoolean("trace")) { System.out.println("== " + name + "\n" + String.join("\n", uring)); }
                assertEquals(String.join("\n", jdk), String.join("\n", uring), name);
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> socketChannelsSameAsTheJdk() {
        return scenarios(
            "connect, exchange, end of stream", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    note(t, "connected", c.client()::isConnected);
                    note(t, "pending", c.client()::isConnectionPending);
                    note(t, "finishConnect", c.client()::finishConnect);
                    note(t, "remote is the server", () -> c.client().getRemoteAddress().equals(c.server().getLocalAddress()));
                    note(t, "accepted remote is the client", () -> c.accepted().getRemoteAddress().equals(c.client().getLocalAddress()));
                    note(t, "write", () -> c.client().write(text("hello")));
                    note(t, "read", () -> readText(c.accepted(), 100));
                    note(t, "gather", () -> c.accepted().write(new ByteBuffer[] {text("a"), text("bc"), text("def")}));
                    ByteBuffer all = ByteBuffer.allocate(6);
                    while (all.hasRemaining()) {
                        c.client().read(all);
                    }
                    note(t, "gathered", () -> str(all));
                    note(t, "shutdownOutput", () -> c.client().shutdownOutput() == c.client());
                    note(t, "read at end of stream", () -> readText(c.accepted(), 100));
                    note(t, "write after shutdownOutput", () -> c.client().write(text("x")));
                    note(t, "write back", () -> c.accepted().write(text("bye")));
                    note(t, "read back", () -> readText(c.client(), 100));
                    note(t, "close accepted", () -> { c.accepted().close(); return c.accepted().isOpen(); });
                    note(t, "read after peer close", () -> readText(c.client(), 100));
                    note(t, "zero-length read", () -> c.client().read(ByteBuffer.allocate(0)));
                }
            },
            "a megabyte each way", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    byte[] data = new byte[1 << 20];
                    new java.util.Random(7).nextBytes(data);
                    CRC32 sent = new CRC32();
                    sent.update(data);
                    Thread w = later(0, () -> c.client().write(ByteBuffer.wrap(data)));
                    CRC32 got = new CRC32();
                    ByteBuffer b = ByteBuffer.allocateDirect(8192);
                    long total = 0;
                    while (total < data.length) {
                        b.clear();
                        int n = c.accepted().read(b);
                        b.flip();
                        got.update(b);
                        total += n;
                    }
                    w.join();
                    t.add("bytes " + total + " crc equal " + (got.getValue() == sent.getValue()));
                }
            },
            "not yet connected", (Scenario) (net, t) -> {
                try (SocketChannel s = net.socket()) {
                    note(t, "connected", s::isConnected);
                    note(t, "read", () -> s.read(ByteBuffer.allocate(1)));
                    note(t, "write", () -> s.write(text("x")));
                    note(t, "remote", s::getRemoteAddress);
                    note(t, "local", s::getLocalAddress);
                    note(t, "finishConnect", s::finishConnect);
                    note(t, "shutdownInput", s::shutdownInput);
                    note(t, "blocking", s::isBlocking);
                }
            },
            "closed channel", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    SocketChannel s = c.client();
                    s.close();
                    note(t, "open", s::isOpen);
                    note(t, "read", () -> s.read(ByteBuffer.allocate(1)));
                    note(t, "write", () -> s.write(text("x")));
                    note(t, "connect", () -> s.connect(c.server().getLocalAddress()));
                    note(t, "bind", () -> s.bind(LOOPBACK));
                    note(t, "local", s::getLocalAddress);
                    note(t, "remote", s::getRemoteAddress);
                    note(t, "setOption", () -> s.setOption(StandardSocketOptions.TCP_NODELAY, true));
                    note(t, "getOption", () -> s.getOption(StandardSocketOptions.TCP_NODELAY));
                    note(t, "shutdownOutput", s::shutdownOutput);
                    note(t, "close again", () -> { s.close(); return "ok"; });
                    note(t, "peer sees end of stream", () -> readText(c.accepted(), 10));
                    c.server().close();
                    note(t, "accept on closed server", () -> c.server().accept());
                    note(t, "server local", () -> c.server().getLocalAddress());
                }
            },
            "connect refused closes the channel", (Scenario) (net, t) -> {
                SocketAddress dead;
                try (ServerSocketChannel s = net.server().bind(LOOPBACK)) {
                    dead = s.getLocalAddress();
                }
                SocketChannel c = net.socket();
                note(t, "connect", () -> c.connect(dead));
                note(t, "open after", c::isOpen);
                note(t, "connect unresolved", () -> net.socket().connect(InetSocketAddress.createUnresolved("nowhere.invalid", 80)));
            },
            "already connected, already bound, not yet bound", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    note(t, "connect again", () -> c.client().connect(c.server().getLocalAddress()));
                    note(t, "bind after connect", () -> c.client().bind(LOOPBACK));
                    note(t, "server bind again", () -> c.server().bind(LOOPBACK));
                }
                try (ServerSocketChannel s = net.server()) {
                    note(t, "accept unbound", s::accept);
                    note(t, "unbound local", s::getLocalAddress);
                }
                try (SocketChannel s = net.socket()) {
                    note(t, "bind", () -> s.bind(LOOPBACK) == s);
                    note(t, "bind twice", () -> s.bind(LOOPBACK));
                }
            },
            "bind before connect", (Scenario) (net, t) -> {
                try (ServerSocketChannel server = net.server().bind(LOOPBACK);
                     SocketChannel s = net.socket()) {
                    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    s.connect(server.getLocalAddress());
                    try (SocketChannel a = server.accept()) {
                        note(t, "peer sees the bound address", () -> a.getRemoteAddress().equals(s.getLocalAddress()));
                        note(t, "loopback", () -> ((InetSocketAddress) s.getLocalAddress()).getAddress().isLoopbackAddress());
                    }
                }
            },
            "shutdown input", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    c.accepted().write(text("pending"));
                    note(t, "shutdownInput", () -> c.client().shutdownInput() == c.client());
                    note(t, "read after shutdownInput", () -> c.client().read(ByteBuffer.allocate(10)));
                    note(t, "write still works", () -> c.client().write(text("ok")));
                    note(t, "peer reads", () -> readText(c.accepted(), 10));
                    note(t, "adaptor input shut", () -> c.client().socket().isInputShutdown());
                }
            },
            "options", (Scenario) (net, t) -> {
                try (Conn c = connect(net); SocketChannel fresh = net.socket()) {
                    for (SocketChannel s : new SocketChannel[] {fresh, c.client()}) {
                        note(t, "nodelay default", () -> s.getOption(StandardSocketOptions.TCP_NODELAY));
                        note(t, "set nodelay", () -> s.setOption(StandardSocketOptions.TCP_NODELAY, true).getOption(StandardSocketOptions.TCP_NODELAY));
                        note(t, "keepalive", () -> s.setOption(StandardSocketOptions.SO_KEEPALIVE, true).getOption(StandardSocketOptions.SO_KEEPALIVE));
                        note(t, "linger default", () -> s.getOption(StandardSocketOptions.SO_LINGER));
                        note(t, "linger", () -> s.setOption(StandardSocketOptions.SO_LINGER, 5).getOption(StandardSocketOptions.SO_LINGER));
                        note(t, "null value", () -> s.setOption(StandardSocketOptions.TCP_NODELAY, null));
                        note(t, "negative buffer", () -> s.setOption(StandardSocketOptions.SO_SNDBUF, -1));
                        note(t, "multicast option", () -> s.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1));
                        note(t, "null option", () -> s.getOption(null));
                        note(t, "supported", () -> s.supportedOptions().stream().map(java.net.SocketOption::name).toList()
                                .containsAll(UringSocketChannel.INET_OPTIONS.stream().map(java.net.SocketOption::name).toList()));
                    }
                    note(t, "server reuseaddr default", () -> c.server().getOption(StandardSocketOptions.SO_REUSEADDR));
                    note(t, "server rcvbuf", () -> c.server().setOption(StandardSocketOptions.SO_RCVBUF, 65536).getOption(StandardSocketOptions.SO_RCVBUF));
                    note(t, "server nodelay", () -> c.server().setOption(StandardSocketOptions.TCP_NODELAY, true));
                }
            },
            "close from another thread", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    t.add(blockedThen("blocked read", () -> c.client().read(ByteBuffer.allocate(10)),
                            () -> { c.client().close(); return null; }));
                    note(t, "open", c.client()::isOpen);
                    t.add(blockedThen("blocked accept", () -> c.server().accept(), () -> { c.server().close(); return null; }));
                }
            },
            "interrupt", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    Thread[] reader = new Thread[1];
                    t.add(blockedThen("blocked read", () -> { reader[0] = Thread.currentThread(); return c.client().read(ByteBuffer.allocate(10)); },
                            () -> { reader[0].interrupt(); return null; }));
                    note(t, "open", c.client()::isOpen);
                    note(t, "peer sees end of stream", () -> readText(c.accepted(), 10));
                    Thread[] acceptor = new Thread[1];
                    t.add(blockedThen("blocked accept", () -> { acceptor[0] = Thread.currentThread(); return c.server().accept(); },
                            () -> { acceptor[0].interrupt(); return null; }));
                    note(t, "server open", c.server()::isOpen);
                    Thread.currentThread().interrupt();
                    note(t, "read with interrupt pending", () -> c.accepted().read(ByteBuffer.allocate(1)));
                    note(t, "status kept", () -> Thread.interrupted());
                    note(t, "accepted open", c.accepted()::isOpen);
                }
            },
            "socket adaptor", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    Socket s = c.client().socket();
                    note(t, "same adaptor", () -> s == c.client().socket());
                    note(t, "channel", () -> s.getChannel() == c.client());
                    note(t, "connected", s::isConnected);
                    note(t, "bound", s::isBound);
                    note(t, "port", () -> s.getPort() == ((InetSocketAddress) c.server().getLocalAddress()).getPort());
                    note(t, "local port", () -> s.getLocalPort() == ((InetSocketAddress) c.client().getLocalAddress()).getPort());
                    note(t, "inet address", () -> s.getInetAddress().isLoopbackAddress());
                    note(t, "remote", () -> s.getRemoteSocketAddress().equals(c.client().getRemoteAddress()));
                    note(t, "nodelay", () -> { s.setTcpNoDelay(true); return s.getTcpNoDelay(); });
                    note(t, "keepalive", () -> { s.setKeepAlive(true); return s.getKeepAlive(); });
                    note(t, "linger", () -> { s.setSoLinger(true, 3); return s.getSoLinger(); });
                    note(t, "linger off", () -> { s.setSoLinger(false, 0); return s.getSoLinger(); });
                    note(t, "timeout", () -> { s.setSoTimeout(150); return s.getSoTimeout(); });
                    note(t, "bad timeout", () -> { s.setSoTimeout(-1); return null; });
                    InputStream in = s.getInputStream();
                    note(t, "read times out", () -> in.read());
                    note(t, "still open", () -> !s.isClosed() && c.client().isOpen());
                    c.accepted().write(text("xyz"));
                    note(t, "read after timeout", () -> (char) in.read());
                    note(t, "read array", () -> { byte[] b = new byte[5]; return in.read(b, 0, 5); });
                    note(t, "write through stream", () -> { s.getOutputStream().write("hi".getBytes()); return readText(c.accepted(), 10); });
                    s.shutdownOutput();
                    note(t, "output shut", s::isOutputShutdown);
                    note(t, "stream after shutdown", s::getOutputStream);
                    note(t, "shutdown twice", () -> { s.shutdownOutput(); return null; });
                    s.close();
                    note(t, "closed", s::isClosed);
                    note(t, "channel closed", () -> !c.client().isOpen());
                    note(t, "stream after close", s::getInputStream);
                    note(t, "read on stream after close", () -> in.read());
                    note(t, "option after close", () -> { s.setTcpNoDelay(false); return null; });
                    note(t, "timeout after close", s::getSoTimeout);
                }
                try (SocketChannel ch = net.socket(); ServerSocketChannel server = net.server().bind(LOOPBACK)) {
                    Socket s = ch.socket();
                    note(t, "unconnected", () -> s.isConnected() + " " + s.isBound() + " " + s.getInetAddress() + " " + s.getPort());
                    note(t, "stream unconnected", s::getInputStream);
                    note(t, "connect with timeout", () -> { s.connect(server.getLocalAddress(), 2000); return s.isConnected(); });
                    note(t, "connect again", () -> { s.connect(server.getLocalAddress()); return null; });
                    server.accept().close();
                }
            },
            "streams over the channel", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    java.io.OutputStream out = java.nio.channels.Channels.newOutputStream(c.client());
                    InputStream in = java.nio.channels.Channels.newInputStream(c.accepted());
                    note(t, "write", () -> { out.write("stream".getBytes()); out.write('!'); return "ok"; });
                    note(t, "read", () -> { byte[] b = new byte[7]; return in.readNBytes(b, 0, 7) + " " + new String(b); });
                    note(t, "close output stream closes the channel", () -> { out.close(); return c.client().isOpen(); });
                    note(t, "read to end", in::read);
                    note(t, "write after close", () -> { out.write(1); return null; });
                    in.close();
                    note(t, "read after close", in::read);
                }
            },
            "file to socket and socket to file", (Scenario) (net, t) -> {
                java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("transfer");
                byte[] data = new byte[300_000];
                new java.util.Random(3).nextBytes(data);
                java.nio.file.Path src = java.nio.file.Files.write(dir.resolve("src"), data);
                java.nio.file.Path dst = dir.resolve("dst");
                try (Conn c = connect(net);
                     java.nio.channels.FileChannel in = net.file(src, java.nio.file.StandardOpenOption.READ);
                     java.nio.channels.FileChannel out = net.file(dst, java.nio.file.StandardOpenOption.CREATE,
                             java.nio.file.StandardOpenOption.WRITE)) {
                    Thread sender = later(0, () -> {
                        long sent = 0;
                        while (sent < data.length) {
                            sent += in.transferTo(sent, data.length - sent, c.client());
                        }
                        return in.transferTo(data.length + 1, 10, c.client());
                    });
                    long got = 0;
                    while (got < data.length) {
                        long n = out.transferFrom(c.accepted(), got, data.length - got);
                        got += n;
                    }
                    sender.join();
                    t.add("transferred " + got);
                    note(t, "same bytes", () -> java.util.Arrays.equals(data, java.nio.file.Files.readAllBytes(dst)));
                    note(t, "positions unchanged", () -> in.position() + " " + out.position());
                    c.client().write(text("later"));
                    note(t, "past the end of the file extends it", () -> out.transferFrom(c.accepted(), data.length + 10, 5) + " " + out.size());
                    c.client().shutdownOutput();
                    note(t, "from a stream at its end", () -> out.transferFrom(c.accepted(), 0, 5));
                    note(t, "to a closed socket", () -> { c.accepted().close(); return in.transferTo(0, 10, c.accepted()); });
                    note(t, "from a read-only file", () -> in.transferFrom(c.client(), 0, 10));
                }
            },
            "server socket adaptor", (Scenario) (net, t) -> {
                try (ServerSocketChannel ch = net.server()) {
                    ServerSocket s = ch.socket();
                    note(t, "bound before", s::isBound);
                    note(t, "accept unbound", s::accept);
                    note(t, "local port unbound", s::getLocalPort);
                    s.bind(LOOPBACK);
                    note(t, "bound", s::isBound);
                    note(t, "port", () -> s.getLocalPort() == ((InetSocketAddress) ch.getLocalAddress()).getPort());
                    note(t, "reuse", s::getReuseAddress);
                    note(t, "timeout", () -> { s.setSoTimeout(150); return s.getSoTimeout(); });
                    note(t, "accept times out", s::accept);
                    note(t, "still open", () -> !s.isClosed());
                    try (SocketChannel client = net.socket()) {
                        client.connect(ch.getLocalAddress());
                        note(t, "accept", () -> { try (Socket a = s.accept()) { return a.isConnected() + " " + (a.getChannel() != null); } });
                    }
                    note(t, "bind again", () -> { s.bind(LOOPBACK); return null; });
                    s.close();
                    note(t, "closed", () -> s.isClosed() + " " + ch.isOpen());
                    note(t, "accept closed", s::accept);
                    note(t, "timeout closed", s::getSoTimeout);
                }
            });
    }

    @TestFactory
    Stream<DynamicTest> datagramChannelsSameAsTheJdk() {
        return scenarios(
            "send and receive", (Scenario) (net, t) -> {
                try (DatagramChannel a = net.datagram().bind(LOOPBACK); DatagramChannel b = net.datagram().bind(LOOPBACK)) {
                    note(t, "connected", a::isConnected);
                    note(t, "send", () -> a.send(text("hello"), b.getLocalAddress()));
                    ByteBuffer got = ByteBuffer.allocate(100);
                    note(t, "sender", () -> b.receive(got).equals(a.getLocalAddress()));
                    note(t, "data", () -> str(got));
                    note(t, "send long", () -> a.send(text("truncated datagram"), b.getLocalAddress()));
                    ByteBuffer small = ByteBuffer.allocate(9);
                    note(t, "receive into small buffer", () -> b.receive(small) != null);
                    note(t, "truncated", () -> str(small));
                    note(t, "empty datagram", () -> a.send(ByteBuffer.allocate(0), b.getLocalAddress()));
                    ByteBuffer none = ByteBuffer.allocate(10);
                    note(t, "empty received", () -> b.receive(none) != null && none.position() == 0);
                    note(t, "read unconnected", () -> a.read(ByteBuffer.allocate(1)));
                    note(t, "write unconnected", () -> a.write(text("x")));
                    note(t, "remote unconnected", a::getRemoteAddress);
                }
            },
            "unbound channel binds on first send", (Scenario) (net, t) -> {
                try (DatagramChannel a = net.datagram(); DatagramChannel b = net.datagram().bind(LOOPBACK)) {
                    note(t, "local before", a::getLocalAddress);
                    note(t, "send", () -> a.send(text("hi"), b.getLocalAddress()));
                    note(t, "bound after", () -> ((InetSocketAddress) a.getLocalAddress()).getPort() > 0);
                    ByteBuffer got = ByteBuffer.allocate(10);
                    note(t, "sender port", () -> ((InetSocketAddress) b.receive(got)).getPort() == ((InetSocketAddress) a.getLocalAddress()).getPort());
                    note(t, "bind after", () -> a.bind(LOOPBACK));
                }
            },
            "connected", (Scenario) (net, t) -> {
                try (DatagramChannel a = net.datagram().bind(LOOPBACK); DatagramChannel b = net.datagram().bind(LOOPBACK);
                     DatagramChannel other = net.datagram().bind(LOOPBACK)) {
                    note(t, "connect", () -> a.connect(b.getLocalAddress()).isConnected());
                    note(t, "remote", () -> a.getRemoteAddress().equals(b.getLocalAddress()));
                    note(t, "connect again", () -> a.connect(b.getLocalAddress()));
                    note(t, "write", () -> a.write(text("one")));
                    ByteBuffer got = ByteBuffer.allocate(10);
                    note(t, "receive", () -> b.receive(got).equals(a.getLocalAddress()) + " " + str(got));
                    note(t, "send elsewhere", () -> a.send(text("x"), other.getLocalAddress()));
                    other.send(text("ignored"), a.getLocalAddress()); // not from the connected peer
                    b.send(text("two"), a.getLocalAddress());
                    ByteBuffer r = ByteBuffer.allocate(10);
                    note(t, "read filters to the peer", () -> a.read(r) + " " + str(r));
                    note(t, "gather write", () -> a.write(new ByteBuffer[] {text("ab"), text("cd")}));
                    ByteBuffer g = ByteBuffer.allocate(10);
                    note(t, "one datagram", () -> { b.receive(g); return str(g); });
                    note(t, "disconnect", () -> a.disconnect().isConnected());
                    note(t, "remote after", a::getRemoteAddress);
                    note(t, "write after disconnect", () -> a.write(text("x")));
                    note(t, "send after disconnect", () -> a.send(text("three"), b.getLocalAddress()));
                }
            },
            "closed, async close, interrupt, options", (Scenario) (net, t) -> {
                DatagramChannel a = net.datagram().bind(LOOPBACK);
                note(t, "broadcast", () -> a.setOption(StandardSocketOptions.SO_BROADCAST, true).getOption(StandardSocketOptions.SO_BROADCAST));
                note(t, "tcp option", () -> a.getOption(StandardSocketOptions.TCP_NODELAY));
                t.add(blockedThen("blocked receive", () -> a.receive(ByteBuffer.allocate(10)), () -> { a.close(); return null; }));
                note(t, "send closed", () -> a.send(text("x"), LOOPBACK));
                note(t, "receive closed", () -> a.receive(ByteBuffer.allocate(1)));
                note(t, "local closed", a::getLocalAddress);
                note(t, "option closed", () -> a.getOption(StandardSocketOptions.SO_RCVBUF));
                DatagramChannel b = net.datagram().bind(LOOPBACK);
                Thread[] receiver = new Thread[1];
                t.add(blockedThen("blocked receive", () -> { receiver[0] = Thread.currentThread(); return b.receive(ByteBuffer.allocate(10)); },
                        () -> { receiver[0].interrupt(); return null; }));
                note(t, "open", b::isOpen);
                try (DatagramChannel c = net.datagram()) {
                    note(t, "reuse before bind", () -> c.setOption(StandardSocketOptions.SO_REUSEADDR, true).bind(LOOPBACK).getOption(StandardSocketOptions.SO_REUSEADDR));
                }
            },
            "datagram socket adaptor", (Scenario) (net, t) -> {
                try (DatagramChannel a = net.datagram().bind(LOOPBACK); DatagramChannel b = net.datagram().bind(LOOPBACK)) {
                    DatagramSocket s = b.socket();
                    note(t, "channel", () -> s.getChannel() == b);
                    note(t, "bound", s::isBound);
                    note(t, "port", () -> s.getLocalPort() == ((InetSocketAddress) b.getLocalAddress()).getPort());
                    note(t, "timeout", () -> { s.setSoTimeout(150); return s.getSoTimeout(); });
                    DatagramPacket p = new DatagramPacket(new byte[20], 20);
                    note(t, "receive times out", () -> { s.receive(p); return null; });
                    note(t, "still open", () -> !s.isClosed());
                    a.send(text("packet"), b.getLocalAddress());
                    note(t, "receive", () -> { s.receive(p); return new String(p.getData(), 0, p.getLength()) + " " + p.getSocketAddress().equals(a.getLocalAddress()); });
                    note(t, "send", () -> { s.send(new DatagramPacket("back".getBytes(), 4, a.getLocalAddress())); ByteBuffer r = ByteBuffer.allocate(10); a.receive(r); return str(r); });
                    note(t, "connect", () -> { s.connect(a.getLocalAddress()); return s.isConnected() + " " + s.getRemoteSocketAddress().equals(a.getLocalAddress()); });
                    note(t, "disconnect", () -> { s.disconnect(); return s.isConnected(); });
                    note(t, "broadcast", () -> { s.setBroadcast(true); return s.getBroadcast(); });
                    s.close();
                    note(t, "closed", () -> s.isClosed() + " " + b.isOpen());
                    note(t, "receive closed", () -> { s.receive(p); return null; });
                    note(t, "send closed", () -> { s.send(new DatagramPacket(new byte[1], 1, a.getLocalAddress())); return null; });
                }
            });
    }
}

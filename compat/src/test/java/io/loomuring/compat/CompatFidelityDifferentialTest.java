package io.loomuring.compat;

import static io.loomuring.compat.SocketChannelDifferentialTest.LOOPBACK;
import static io.loomuring.compat.SocketChannelDifferentialTest.blockedThen;
import static io.loomuring.compat.SocketChannelDifferentialTest.connect;
import static io.loomuring.compat.SocketChannelDifferentialTest.note;
import static io.loomuring.compat.SocketChannelDifferentialTest.readText;
import static io.loomuring.compat.SocketChannelDifferentialTest.text;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.loomuring.compat.SocketChannelDifferentialTest.Conn;
import io.loomuring.compat.SocketChannelDifferentialTest.Scenario;

/**
 * The behaviours that outside checks found to differ from the JDK's, each as a scenario run on the
 * JDK's channels and on compat's with the traces compared (the harness of
 * {@link SocketChannelDifferentialTest}): the address of a peer that reset before {@code accept}
 * returned, a port from {@code bind} at once, a listener's port free when {@code close} returns,
 * reads after a reset and after {@code shutdownInput}, {@code available()}, scattering reads,
 * interrupts by thread kind, unresolved hosts, and the datagram adaptor's checks.
 */
class CompatFidelityDifferentialTest {
    private final SocketChannelDifferentialTest harness = new SocketChannelDifferentialTest();

    /** A plain JDK client that connects to {@code server} and resets at once; returns its local address. */
    static SocketAddress connectAndReset(SocketAddress server) throws Exception {
        try (Socket c = new Socket()) {
            c.connect(server);
            SocketAddress local = c.getLocalSocketAddress();
            c.setSoLinger(true, 0); // close sends RST
            return local;
        }
    }

    @TestFactory
    Stream<DynamicTest> socketsBehaveAsTheJdks() {
        return harness.scenarios(
            "a peer that resets before accept returns keeps its address", (Scenario) (net, t) -> {
                try (ServerSocketChannel server = net.server().bind(LOOPBACK)) {
                    try (SocketChannel first = net.socket()) { // one ordinary connection first: the accept path is warm
                        first.connect(server.getLocalAddress());
                        server.accept().close();
                    }
                    SocketAddress peer = connectAndReset(server.getLocalAddress());
                    Thread.sleep(100); // the RST has arrived: the connection waits in the backlog, reset
                    try (SocketChannel accepted = server.accept()) {
                        note(t, "remote is the peer", () -> peer.equals(accepted.getRemoteAddress()));
                        Socket a = accepted.socket();
                        note(t, "adaptor address", () -> a.getInetAddress().equals(((InetSocketAddress) peer).getAddress()));
                        note(t, "adaptor port", () -> a.getPort() == ((InetSocketAddress) peer).getPort());
                        note(t, "read", () -> readText(accepted, 10));
                        note(t, "read again", () -> readText(accepted, 10));
                        note(t, "adaptor read", () -> a.getInputStream().read());
                        note(t, "available", () -> a.getInputStream().available());
                        note(t, "remote still known", () -> peer.equals(accepted.getRemoteAddress()));
                    }
                }
            },
            "bind takes the kernel's port at once", (Scenario) (net, t) -> {
                try (SocketChannel c = net.socket(); ServerSocketChannel server = net.server().bind(LOOPBACK)) {
                    note(t, "unbound local", c::getLocalAddress);
                    c.bind(LOOPBACK);
                    InetSocketAddress bound = (InetSocketAddress) c.getLocalAddress();
                    note(t, "bound port is not 0", () -> bound.getPort() != 0);
                    note(t, "bound address", bound::getAddress);
                    note(t, "bind again", () -> c.bind(LOOPBACK));
                    c.connect(server.getLocalAddress());
                    try (SocketChannel accepted = server.accept()) {
                        note(t, "local unchanged by connect", () -> bound.equals(c.getLocalAddress()));
                        note(t, "peer sees it", () -> bound.equals(accepted.getRemoteAddress()));
                    }
                }
                try (SocketChannel c = net.socket()) {
                    c.bind(null);
                    InetSocketAddress any = (InetSocketAddress) c.getLocalAddress();
                    note(t, "bind(null) address", any::getAddress);
                    note(t, "bind(null) port is not 0", () -> any.getPort() != 0);
                }
                try (SocketChannel c = net.socket()) {
                    Socket s = c.socket();
                    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    note(t, "adaptor bound", s::isBound);
                    note(t, "adaptor port is not 0", () -> s.getLocalPort() > 0);
                }
            },
            "a closed listener's port can be bound again at once", (Scenario) (net, t) -> {
                int port = 0;
                int rebound = 0;
                for (int i = 0; i < 20; i++) {
                    ServerSocketChannel server = net.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    port = ((InetSocketAddress) server.getLocalAddress()).getPort();
                    if (i == 0) {
                        note(t, "SO_REUSEADDR", () -> server.getOption(StandardSocketOptions.SO_REUSEADDR));
                        note(t, "SO_REUSEPORT", () -> server.getOption(StandardSocketOptions.SO_REUSEPORT));
                    }
                    ServerSocket adaptor = server.socket();
                    adaptor.setSoTimeout(5);
                    try {
                        adaptor.accept(); // an accept in progress (io_uring: the multishot request is armed)
                    } catch (SocketTimeoutException expected) {
                        // nobody connects
                    }
                    server.close();
                    rebound++;
                }
                int n = rebound;
                note(t, "rebound without EADDRINUSE", () -> n);
            },
            "available and shutdownInput", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    InputStream in = c.accepted().socket().getInputStream();
                    note(t, "available before data", in::available);
                    c.client().write(text("abc"));
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (in.available() < 3 && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    note(t, "available", in::available);
                    note(t, "shutdownInput", () -> c.accepted().shutdownInput() == c.accepted());
                    note(t, "read after shutdownInput (data was queued)", in::read);
                    note(t, "channel read after shutdownInput", () -> readText(c.accepted(), 10));
                    note(t, "available after shutdownInput", in::available);
                    c.accepted().close();
                    note(t, "available after close", in::available);
                    note(t, "read after close", in::read);
                }
            },
            "a scattering read fills the buffers in order", (Scenario) (net, t) -> {
                try (Conn c = connect(net)) {
                    c.client().write(text("0123456789"));
                    Thread.sleep(50);
                    ByteBuffer[] bs = {ByteBuffer.allocate(4), ByteBuffer.allocate(4), ByteBuffer.allocateDirect(4)};
                    note(t, "scatter", () -> c.accepted().read(bs) + " " + bs[0].position() + bs[1].position() + bs[2].position());
                    note(t, "contents", () -> new String(bs[0].array()) + new String(bs[1].array(), 0, 4));
                    c.client().write(text("xy"));
                    Thread.sleep(50);
                    ByteBuffer[] more = {ByteBuffer.allocate(0), ByteBuffer.allocate(1), ByteBuffer.allocate(8)};
                    note(t, "scatter past an empty buffer", () -> c.accepted().read(more, 0, 3) + " " + more[1].position() + more[2].position());
                    note(t, "nothing to fill", () -> c.accepted().read(new ByteBuffer[] {ByteBuffer.allocate(0)}));
                }
            },
            "interrupted accept, by thread kind", (Scenario) (net, t) -> {
                for (Thread.Builder kind : new Thread.Builder[] {Thread.ofPlatform(), Thread.ofVirtual()}) {
                    try (ServerSocketChannel server = net.server().bind(LOOPBACK)) {
                        Thread[] acceptor = new Thread[1];
                        t.add(blockedThen(kind, "accept", () -> { acceptor[0] = Thread.currentThread(); return server.accept(); },
                                () -> { acceptor[0].interrupt(); return null; }));
                        note(t, "open", server::isOpen);
                    }
                    try (Conn c = connect(net)) {
                        Thread[] reader = new Thread[1];
                        t.add(blockedThen(kind, "read", () -> { reader[0] = Thread.currentThread(); return c.client().read(ByteBuffer.allocate(4)); },
                                () -> { reader[0].interrupt(); return null; }));
                        note(t, "open", c.client()::isOpen);
                    }
                }
            },
            "urgent data through the adaptor", (Scenario) (net, t) -> {
                for (boolean inline : new boolean[] {true, false}) {
                    try (Conn c = connect(net)) {
                        Socket receiver = c.accepted().socket();
                        receiver.setOOBInline(inline);
                        note(t, "OOBINLINE", receiver::getOOBInline);
                        c.client().write(text("x"));
                        c.client().socket().sendUrgentData('U');
                        c.client().write(text("y"));
                        c.client().shutdownOutput();
                        note(t, "received", () -> new String(receiver.getInputStream().readAllBytes()));
                    }
                }
                try (SocketChannel c = net.socket()) {
                    note(t, "urgent data unconnected", () -> { c.socket().sendUrgentData(1); return true; });
                    c.close();
                    note(t, "urgent data closed", () -> { c.socket().sendUrgentData(1); return true; });
                }
            },
            "the adaptor's connect to an unresolved host", (Scenario) (net, t) -> {
                try (SocketChannel c = net.socket()) {
                    note(t, "connect", () -> { c.socket().connect(new InetSocketAddress("nosuchhost.invalid", 80)); return true; });
                    note(t, "open", c::isOpen);
                }
                try (SocketChannel c = net.socket()) {
                    note(t, "channel connect", () -> c.connect(InetSocketAddress.createUnresolved("nosuchhost.invalid", 80)));
                    note(t, "open", c::isOpen);
                }
            });
    }

    @TestFactory
    Stream<DynamicTest> datagramsBehaveAsTheJdks() {
        return harness.scenarios(
            "disconnect keeps the local port", (Scenario) (net, t) -> {
                try (DatagramChannel d = net.datagram().bind(LOOPBACK)) {
                    int port = ((InetSocketAddress) d.getLocalAddress()).getPort();
                    d.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));
                    d.disconnect();
                    note(t, "same port", () -> ((InetSocketAddress) d.getLocalAddress()).getPort() == port);
                    note(t, "connected", d::isConnected);
                }
                try (DatagramChannel d = net.datagram()) {
                    d.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));
                    int port = ((InetSocketAddress) d.getLocalAddress()).getPort();
                    d.disconnect();
                    note(t, "same port (bound by connect)", () -> ((InetSocketAddress) d.getLocalAddress()).getPort() == port);
                }
            },
            "the datagram adaptor's connect, close and send", (Scenario) (net, t) -> {
                InetAddress lo = InetAddress.getLoopbackAddress();
                try (DatagramSocket receiver = new DatagramSocket(0, lo)) {
                    DatagramSocket ds = net.datagram().socket();
                    note(t, "connect null", () -> { ds.connect(null); return true; });
                    note(t, "connect unresolved", () -> { ds.connect(InetSocketAddress.createUnresolved("nosuchhost.invalid", 9)); return true; });
                    note(t, "connect port out of range", () -> { ds.connect(lo, 70000); return true; });
                    note(t, "connect null address", () -> { ds.connect(null, 9); return true; });
                    ds.connect(receiver.getLocalSocketAddress());
                    DatagramPacket p = new DatagramPacket(new byte[] {1}, 1);
                    note(t, "send without address", () -> { ds.send(p); return p.getSocketAddress().equals(receiver.getLocalSocketAddress()); });
                    DatagramPacket other = new DatagramPacket(new byte[] {1}, 1, new InetSocketAddress(lo, 9));
                    note(t, "send elsewhere", () -> { ds.send(other); return true; });
                    ds.close();
                    note(t, "remote after close", () -> receiver.getLocalSocketAddress().equals(ds.getRemoteSocketAddress()));
                    note(t, "address after close", () -> lo.equals(ds.getInetAddress()));
                    note(t, "port after close", () -> ds.getPort() == receiver.getLocalPort());
                    note(t, "connected after close", ds::isConnected);
                    note(t, "connect after close", () -> { ds.connect(receiver.getLocalSocketAddress()); return true; });
                    note(t, "send after close", () -> { ds.send(p); return true; });
                }
            });
    }
}

package io.loomuring.compat;

import static io.loomuring.compat.UnmodifiedNetProgram.note;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jdk.net.ExtendedSocketOptions;

/**
 * java.net's behaviours that a drop-in must keep, in a program that knows nothing of loom-uring:
 * a server that trusts the peer's address (and leaks the socket when it is missing) against peers
 * that reset before {@code accept} returns, reads after a reset and after {@code shutdownInput},
 * {@code available()}, a port from {@code bind} at once, options through {@link SocketOption},
 * interrupts on platform threads, urgent data, and a lingering close beside busy sockets. Each
 * result is printed, to compare a run on the JDK's sockets with one through the switches.
 */
public final class UnmodifiedNetFidelity {
    private UnmodifiedNetFidelity() {}

    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    public static void main(String[] args) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        resetPeers(lo);
        streams(lo);
        options(lo);
        platformInterrupts(lo);
        urgentData(lo);
        channelInterrupts(lo);
        lingeringClose(lo);
    }

    /** A server written as many are: it reads the peer's address before anything else, and does not close on failure. */
    private static void resetPeers(InetAddress lo) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 500, lo)) {
            AtomicInteger known = new AtomicInteger();
            int peers = 200;
            Thread acceptor = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < peers; i++) {
                    try {
                        Socket s = server.accept();
                        String who = s.getInetAddress().getHostAddress() + ":" + s.getPort(); // NPE without an address
                        if (s.getPort() > 0 && !who.isEmpty()) {
                            known.incrementAndGet();
                        }
                        s.close();
                    } catch (IOException | RuntimeException e) {
                        // the socket (if any) is lost here, as in the server that was reported
                    }
                }
            });
            try (Socket warm = new Socket(lo, server.getLocalPort())) {
                warm.getInputStream().read(); // the server closed it: the accept path is running
            }
            long before = openFds();
            for (int i = 1; i < peers; i++) {
                try (Socket c = new Socket(lo, server.getLocalPort())) {
                    c.setSoLinger(true, 0); // reset on close, before the server has accepted
                }
            }
            acceptor.join();
            long after = openFds();
            System.out.println("reset peers: addresses known " + known.get() + "/" + peers);
            System.out.println("reset peers: descriptors flat " + (after - before <= 5));
        }
    }

    private static void streams(InetAddress lo) throws Exception {
        System.out.println("streams:");
        try (ServerSocket server = new ServerSocket(0, 50, lo)) {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(lo, 0));
                note("bind gives a port", () -> s.getLocalPort() > 0 && s.isBound());
                int port = s.getLocalPort();
                s.connect(server.getLocalSocketAddress());
                try (Socket a = server.accept()) {
                    note("connect keeps it", () -> s.getLocalPort() == port && a.getPort() == port);
                }
            }
            try (Socket c = new Socket(lo, server.getLocalPort()); Socket a = server.accept()) {
                InputStream in = a.getInputStream();
                note("available, nothing sent", in::available);
                c.getOutputStream().write("abc".getBytes(StandardCharsets.UTF_8));
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (in.available() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                note("available", in::available);
                a.shutdownInput();
                note("read after shutdownInput (data queued)", in::read);
                note("available after shutdownInput", in::available);
                a.close();
                note("available after close", in::available);
                note("read after close", in::read);
            }
            try (Socket c = new Socket(lo, server.getLocalPort()); Socket a = server.accept()) {
                InputStream in = a.getInputStream();
                c.getOutputStream().write(7);
                c.setSoLinger(true, 0);
                c.close();
                Thread.sleep(100);
                note("read (data, then reset)", in::read);
                note("read after reset", in::read);
                note("read again after reset", in::read);
                note("available after reset", in::available);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void options(InetAddress lo) throws Exception {
        System.out.println("options:");
        try (Socket s = new Socket()) {
            note("supported", () -> names(s.supportedOptions()));
            Object[][] cases = {{StandardSocketOptions.TCP_NODELAY, true}, {StandardSocketOptions.SO_LINGER, 70000},
                {StandardSocketOptions.SO_LINGER, -5}, {StandardSocketOptions.SO_RCVBUF, -1}, {StandardSocketOptions.IP_TOS, 300},
                {StandardSocketOptions.SO_KEEPALIVE, null}, {StandardSocketOptions.SO_SNDBUF, "x"},
                {ExtendedSocketOptions.TCP_KEEPIDLE, 10}, {ExtendedSocketOptions.TCP_KEEPIDLE, -1},
                {ExtendedSocketOptions.TCP_QUICKACK, false}, {StandardSocketOptions.IP_MULTICAST_TTL, 3}};
            for (Object[] c : cases) {
                SocketOption o = (SocketOption) c[0];
                note("set " + o + " " + c[1], () -> { s.setOption(o, c[1]); return s.getOption(o); });
            }
            note("get SO_INCOMING_NAPI_ID", () -> s.getOption(ExtendedSocketOptions.SO_INCOMING_NAPI_ID) >= 0);
        }
        try (ServerSocket server = new ServerSocket()) {
            note("server supported", () -> names(server.supportedOptions()));
            note("server SO_REUSEADDR unbound", () -> server.getOption(StandardSocketOptions.SO_REUSEADDR));
            server.bind(new InetSocketAddress(lo, 0));
            note("server SO_REUSEADDR", () -> server.getOption(StandardSocketOptions.SO_REUSEADDR));
            note("server SO_REUSEPORT", () -> server.getOption(StandardSocketOptions.SO_REUSEPORT));
            note("server SO_RCVBUF set", () -> server.setOption(StandardSocketOptions.SO_RCVBUF, -3));
            note("server TCP_NODELAY", () -> server.getOption(StandardSocketOptions.TCP_NODELAY));
        }
        Socket closed = new Socket();
        closed.close();
        note("closed setOption", () -> closed.setOption(StandardSocketOptions.TCP_NODELAY, true));
        note("closed getOption", () -> closed.getOption(StandardSocketOptions.TCP_NODELAY));
    }

    private static String names(java.util.Set<SocketOption<?>> options) {
        return new TreeSet<>(options.stream().map(SocketOption::name).toList()).toString();
    }

    /** java.net sockets are interruptible only on virtual threads: a platform thread's interrupt changes nothing. */
    private static void platformInterrupts(InetAddress lo) throws Exception {
        System.out.println("platform interrupts:");
        try (ServerSocket server = new ServerSocket(0, 50, lo)) {
            server.setSoTimeout(400);
            String[] got = new String[1];
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    server.accept();
                    got[0] = "accepted";
                } catch (IOException e) {
                    got[0] = e.getClass().getName() + ", interrupted " + Thread.currentThread().isInterrupted();
                }
            });
            Thread.sleep(100);
            t.interrupt();
            t.join();
            note("timed accept", () -> got[0]);
            note("server open", () -> !server.isClosed());
            server.setSoTimeout(0);
            try (Socket c = new Socket(lo, server.getLocalPort()); Socket a = server.accept()) {
                Thread r = Thread.ofPlatform().start(() -> {
                    try {
                        got[0] = a.getInputStream().read() + ", interrupted " + Thread.currentThread().isInterrupted();
                    } catch (IOException e) {
                        got[0] = e.getClass().getName();
                    }
                });
                Thread.sleep(100);
                r.interrupt();
                Thread.sleep(100);
                c.getOutputStream().write(42);
                r.join();
                note("read", () -> got[0]);
                note("socket open", () -> !a.isClosed());
            }
        }
    }

    /** Channels are interruptible on every thread kind: ClosedByInterruptException, channel closed. */
    private static void channelInterrupts(InetAddress lo) throws Exception {
        System.out.println("channel interrupts:");
        for (Thread.Builder kind : new Thread.Builder[] {Thread.ofVirtual(), Thread.ofPlatform()}) {
            try (java.nio.channels.ServerSocketChannel ssc = java.nio.channels.ServerSocketChannel.open()
                    .bind(new InetSocketAddress(lo, 0))) {
                String[] got = new String[1];
                Thread t = kind.start(() -> {
                    try {
                        ssc.accept();
                        got[0] = "accepted";
                    } catch (IOException e) {
                        got[0] = e.getClass().getName() + ", interrupted " + Thread.currentThread().isInterrupted();
                    }
                });
                Thread.sleep(200);
                t.interrupt();
                t.join();
                note("accept", () -> got[0]);
                note("channel open", ssc::isOpen);
            }
        }
    }

    private static void urgentData(InetAddress lo) throws Exception {
        System.out.println("urgent data:");
        try (ServerSocket server = new ServerSocket(0, 50, lo)) {
            for (boolean inline : new boolean[] {true, false}) {
                try (Socket c = new Socket(lo, server.getLocalPort()); Socket a = server.accept()) {
                    a.setOOBInline(inline);
                    note("supports", () -> { c.sendUrgentData(0); return true; });
                    OutputStream out = c.getOutputStream();
                    out.write('x');
                    c.sendUrgentData('U');
                    out.write('y');
                    c.shutdownOutput();
                    note("inline " + inline + " reads",
                            () -> new String(a.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).replace("\0", "0"));
                    note("inline " + inline + " option", a::getOOBInline);
                }
            }
        }
    }

    /**
     * A close that lingers (SO_LINGER 3 s, unsent data that the peer does not read) while other
     * sockets keep working: only the closing thread may wait.
     */
    private static void lingeringClose(InetAddress lo) throws Exception {
        System.out.println("lingering close:");
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(4096); // accepted sockets take a small window: the data stays unsent
            server.bind(new InetSocketAddress(lo, 0), 50);
            Socket lingering = new Socket();
            lingering.setSendBufferSize(1 << 20);
            lingering.connect(server.getLocalSocketAddress());
            Socket silent = server.accept();   // never reads
            lingering.setSoLinger(true, 3);
            lingering.getOutputStream().write(new byte[256 * 1024]);
            long[] closeMillis = new long[1];
            Thread closer = Thread.ofVirtual().start(() -> {
                long t0 = System.nanoTime();
                try {
                    lingering.close();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
                closeMillis[0] = (System.nanoTime() - t0) / 1_000_000;
            });
            Thread.sleep(200);
            boolean othersDone;
            try (Socket c = new Socket()) {
                c.connect(server.getLocalSocketAddress(), 2000); // connect, accept, round trips on the same rings
                try (Socket a = server.accept()) {
                    for (int i = 0; i < 20; i++) {
                        c.getOutputStream().write(i);
                        a.getOutputStream().write(a.getInputStream().read());
                        c.getInputStream().read();
                    }
                }
                othersDone = closer.isAlive();
            }
            closer.join();
            silent.close();
            note("others done while the close lingered", () -> othersDone);
            note("the close lingered", () -> closeMillis[0] >= 2000);
        }
    }
}

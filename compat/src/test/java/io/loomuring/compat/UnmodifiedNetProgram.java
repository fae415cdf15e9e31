package io.loomuring.compat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A program that knows nothing of loom-uring: java.net and java.nio.channels only. A line server
 * on {@link ServerSocket} with a virtual thread per client, 50 clients on {@link Socket}, a read
 * timeout, an HTTP request through {@link HttpURLConnection}, an exchange over
 * {@link SocketChannel}/{@link ServerSocketChannel} and a datagram over {@link DatagramChannel}.
 * Results on standard output; the channel classes on standard error.
 */
public final class UnmodifiedNetProgram {
    private UnmodifiedNetProgram() {}

    public static void main(String[] args) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 100, lo)) {
            Thread.ofVirtual().start(() -> serveLines(server));
            List<Thread> clients = new ArrayList<>();
            String[] replies = new String[50];
            for (int i = 0; i < replies.length; i++) {
                int n = i;
                clients.add(Thread.ofVirtual().start(() -> {
                    try (Socket s = new Socket(lo, server.getLocalPort())) {
                        PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                        out.println("client " + n);
                        replies[n] = in.readLine();
                    } catch (Exception e) {
                        replies[n] = e.toString();
                    }
                }));
            }
            for (Thread t : clients) {
                t.join();
            }
            System.out.println("replies: " + String.join(",", replies));

            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(lo, server.getLocalPort()), 2000);
                s.setSoTimeout(200);
                s.getOutputStream().write("slow\n".getBytes(StandardCharsets.UTF_8));
                try {
                    s.getInputStream().read();
                    System.out.println("timeout: none");
                } catch (SocketTimeoutException e) {
                    System.out.println("timeout: " + e.getClass().getSimpleName() + ", open " + !s.isClosed());
                }
            }
        }

        edgeCases(lo);

        try (ServerSocket http = new ServerSocket(0, 10, lo)) {
            Thread.ofVirtual().start(() -> serveHttp(http));
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + http.getLocalPort() + "/x").toURL().openConnection();
            try (var in = c.getInputStream()) {
                System.out.println("http: " + c.getResponseCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }

        try (ServerSocketChannel ssc = ServerSocketChannel.open().bind(new InetSocketAddress(lo, 0));
             SocketChannel sc = SocketChannel.open(ssc.getLocalAddress());
             SocketChannel accepted = ssc.accept()) {
            System.err.println("channel: " + sc.getClass().getName());
            sc.write(ByteBuffer.wrap("over a channel".getBytes(StandardCharsets.UTF_8)));
            sc.shutdownOutput();
            ByteBuffer b = ByteBuffer.allocate(100);
            while (accepted.read(b) >= 0) {
                // to end of stream
            }
            System.out.println("channel: " + new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
        }

        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        System.err.println("pipe: " + pipe.source().getClass().getName());
        Thread writer = Thread.ofVirtual().start(() -> {
            try (var sink = pipe.sink()) {
                sink.write(ByteBuffer.wrap("through a pipe".getBytes(StandardCharsets.UTF_8)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (var source = pipe.source()) {
            ByteBuffer b = ByteBuffer.allocate(100);
            while (source.read(b) >= 0) {
                // to end of stream
            }
            System.out.println("pipe: " + new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
        }
        writer.join();

        try (DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
             DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress(lo, 0))) {
            System.err.println("datagram channel: " + a.getClass().getName());
            a.send(ByteBuffer.wrap("a datagram".getBytes(StandardCharsets.UTF_8)), b.getLocalAddress());
            ByteBuffer got = ByteBuffer.allocate(100);
            b.receive(got);
            System.out.println("datagram: " + new String(got.array(), 0, got.position(), StandardCharsets.UTF_8));
        }
    }

    interface Call {
        Object run() throws Exception;
    }

    /** Prints what {@code call} returns, or its exception's type. */
    static void note(String what, Call call) {
        Object r;
        try {
            r = call.run();
        } catch (Throwable t) {
            r = "! " + t.getClass().getName();
        }
        System.out.println("  " + what + ": " + r);
    }

    /** java.net's corner cases: each result or exception type is printed, to compare runs. */
    private static void edgeCases(InetAddress lo) throws Exception {
        System.out.println("edge cases:");
        int deadPort;
        try (ServerSocket dead = new ServerSocket(0, 1, lo)) {
            deadPort = dead.getLocalPort();
        }
        note("connect refused", () -> new Socket(lo, deadPort));
        try (ServerSocket server = new ServerSocket()) {
            note("server bound before bind", server::isBound);
            note("server reuse default", server::getReuseAddress);
            server.bind(new InetSocketAddress(lo, 0));
            note("server bound", () -> server.isBound() + " " + (server.getLocalPort() > 0) + " " + server.getInetAddress().isLoopbackAddress());
            server.setSoTimeout(150);
            note("accept times out", server::accept);
            try (Socket c = new Socket()) {
                note("unconnected", () -> c.isConnected() + " " + c.isBound() + " " + c.getPort() + " " + c.getInetAddress());
                c.setTcpNoDelay(true);
                c.setReceiveBufferSize(65536);
                c.connect(server.getLocalSocketAddress(), 2000);
                server.setSoTimeout(0);
                try (Socket a = server.accept()) {
                    note("connected", () -> c.isConnected() + " " + c.isBound() + " " + (c.getPort() == server.getLocalPort())
                            + " " + (a.getPort() == c.getLocalPort()) + " " + c.getLocalAddress().isLoopbackAddress());
                    note("options set before connect", () -> c.getTcpNoDelay() + " " + c.getReceiveBufferSize());
                    note("linger", () -> { c.setSoLinger(true, 4); return c.getSoLinger(); });
                    note("keepalive", () -> { c.setKeepAlive(true); return c.getKeepAlive(); });
                    note("connect again", () -> { c.connect(server.getLocalSocketAddress()); return null; });
                    c.getOutputStream().write("abc".getBytes(StandardCharsets.UTF_8));
                    note("read", () -> (char) a.getInputStream().read());
                    note("read rest", () -> new String(a.getInputStream().readNBytes(2), StandardCharsets.UTF_8));
                    c.shutdownOutput();
                    note("end of stream", () -> a.getInputStream().read());
                    note("output shut", () -> c.isOutputShutdown() + " " + c.isInputShutdown());
                    note("write after shutdown", () -> { c.getOutputStream().write(1); return null; });
                    a.shutdownInput();
                    note("read after shutdownInput", () -> a.getInputStream().read());

                    Thread reader = Thread.ofVirtual().start(() -> note("interrupted read", () -> c.getInputStream().read()
                            + " " + Thread.currentThread().isInterrupted()));
                    Thread.sleep(100);
                    reader.interrupt();
                    reader.join();
                    note("closed by the interrupt", c::isClosed);
                }
            }
            try (Socket c = new Socket(lo, server.getLocalPort()); Socket a = server.accept()) {
                Thread closer = Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(100);
                        c.close();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                note("read under close", () -> c.getInputStream().read());
                closer.join();
                note("read after close", () -> c.getInputStream().read());
                note("option after close", () -> { c.setTcpNoDelay(true); return null; });
                note("peer sees end of stream", () -> a.getInputStream().read());
            }
            Thread acceptor = Thread.ofVirtual().start(() -> note("accept under close", server::accept));
            Thread.sleep(100);
            server.close();
            acceptor.join();
            note("server closed", server::isClosed);
            note("accept closed", server::accept);
        }
    }

    private static void serveLines(ServerSocket server) {
        while (true) {
            Socket s;
            try {
                s = server.accept();
            } catch (Exception closed) {
                return;
            }
            Thread.ofVirtual().start(() -> {
                try (s) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    String line = in.readLine();
                    if (!"slow".equals(line)) {
                        s.getOutputStream().write((line.toUpperCase(Locale.ROOT) + "\n").getBytes(StandardCharsets.UTF_8));
                    } else {
                        in.readLine(); // says nothing until the client goes
                    }
                } catch (Exception e) {
                    // the client went away
                }
            });
        }
    }

    private static void serveHttp(ServerSocket server) {
        try (Socket s = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                // the request head
            }
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (Exception e) {
            System.out.println("http server: " + e);
        }
    }
}

package io.loomuring;

import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Stream sockets on real loopback, over both backends. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketTest {
    @TempDir
    Path dir;

    static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** An echo server: one virtual thread per connection, until the server socket closes. */
    static final class Echo implements AutoCloseable {
        final UringServerSocket server;
        final Thread acceptor;

        Echo(Backend b, SocketAddress at) throws IOException {
            server = b.listen(at, 1024, java.util.Map.of());
            acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        UringSocket s = server.accept();
                        Thread.ofVirtual().start(() -> {
                            try (s) {
                                ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
                                while (s.read(buf.clear()) > 0) {
                                    s.write(buf.flip());
                                }
                            } catch (IOException e) {
                                // peer went away
                            }
                        });
                    }
                } catch (IOException e) {
                    // closed
                }
            });
        }

        SocketAddress address() throws IOException {
            return server.localAddress();
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join();
        }
    }

    static void echoOnce(Backend b, SocketAddress at, byte[] payload) throws IOException {
        try (UringSocket c = b.connect(at, Duration.ofSeconds(10))) {
            Thread w = Thread.ofVirtual().start(() -> {
                try {
                    c.write(payload, 0, payload.length);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] back = new byte[payload.length];
            int done = 0;
            while (done < back.length) {
                int n = c.read(back, done, back.length - done);
                if (n < 0) {
                    throw new EOFException("echo ended at " + done);
                }
                done += n;
            }
            try {
                w.join();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            assertArrayEquals(payload, back);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void echoFromThousandConcurrentClientsIsByteForByte(Backend b) throws Exception {
        int[] sizes = {1, 100, 4096, 65_536, 1 << 20};
        try (Echo echo = new Echo(b, LOOPBACK_ANY_PORT); var vts = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                byte[] p = new byte[sizes[i % sizes.length]];
                new SplittableRandom(i).nextBytes(p);
                fs.add(vts.submit(() -> {
                    echoOnce(b, echo.address(), p);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void oneGibibyteTransferKeepsItsChecksum(Backend b) throws Exception {
        long total = 1L << 30;
        try (UringServerSocket server = b.listen(LOOPBACK_ANY_PORT)) {
            CompletableFuture<Long> received = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (UringSocket s = server.accept()) {
                    CRC32 crc = new CRC32();
                    ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
                    long n = 0;
                    while (s.read(buf.clear()) > 0) {
                        buf.flip();
                        n += buf.remaining();
                        crc.update(buf);
                    }
                    received.complete(n == total ? crc.getValue() : -n);
                } catch (Throwable e) {
                    received.completeExceptionally(e);
                }
            });
            CRC32 sent = new CRC32();
            try (UringSocket c = b.connect(server.localAddress(), Duration.ZERO)) {
                byte[] chunk = new byte[1 << 20];
                SplittableRandom r = new SplittableRandom(42);
                for (long at = 0; at < total; at += chunk.length) {
                    r.nextBytes(chunk);
                    sent.update(chunk);
                    c.write(chunk, 0, chunk.length);
                }
                c.shutdownOutput();
                assertEquals(sent.getValue(), received.get(100, TimeUnit.SECONDS));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void halfCloseBothWays(Backend b) throws Exception {
        try (UringServerSocket server = b.listen(LOOPBACK_ANY_PORT)) {
            CompletableFuture<String> serverSaw = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (UringSocket s = server.accept()) {
                    byte[] all = s.inputStream().readAllBytes();   // until the client's half-close
                    s.write("reply".getBytes(), 0, 5);             // the other direction still works
                    s.shutdownOutput();
                    serverSaw.complete(new String(all));
                } catch (IOException e) {
                    serverSaw.completeExceptionally(e);
                }
            });
            try (UringSocket c = b.connect(server.localAddress())) {
                c.write("request".getBytes(), 0, 7);
                c.shutdownOutput();
                assertEquals("request", serverSaw.get(10, TimeUnit.SECONDS));
                assertEquals("reply", new String(c.inputStream().readAllBytes()));
                assertEquals(-1, c.read(ByteBuffer.allocate(1)), "end of stream stays");
                c.shutdownInput();
                assertEquals(-1, c.read(ByteBuffer.allocate(1)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void peerResetMidTransferIsConnectionReset(Backend b) throws Exception {
        try (UringServerSocket server = b.listen(LOOPBACK_ANY_PORT)) {
            CompletableFuture<Void> resetDone = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    UringSocket s = server.accept();
                    s.read(ByteBuffer.allocate(10));                // some data arrived
                    s.setOption(StandardSocketOptions.SO_LINGER, 0); // close sends RST
                    s.close();
                    resetDone.complete(null);
                } catch (IOException e) {
                    resetDone.completeExceptionally(e);
                }
            });
            try (UringSocket c = b.connect(server.localAddress())) {
                c.write(new byte[10], 0, 10);
                resetDone.get(10, TimeUnit.SECONDS);
                SocketException e = assertThrows(SocketException.class, () -> {
                    for (int i = 0; i < 100; i++) {
                        c.write(new byte[65536], 0, 65536);
                        c.read(ByteBuffer.allocate(10));
                    }
                });
                assertTrue(e.getMessage().contains("Connection reset") || e.getMessage().contains("Broken pipe"),
                        e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void connectRefusedBindConflictAndUnresolved(Backend b) throws Exception {
        int port;
        try (UringServerSocket s = b.listen(LOOPBACK_ANY_PORT)) {
            port = ((InetSocketAddress) s.localAddress()).getPort();
            assertTrue(port > 0, "port 0 became a real port");
            BindException e = assertThrows(BindException.class,
                    () -> b.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50,
                            java.util.Map.of(StandardSocketOptions.SO_REUSEADDR, false)));
            assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
        }
        ConnectException refused = assertThrows(ConnectException.class,
                () -> b.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        assertTrue(refused.getMessage().contains("Connection refused"), refused.getMessage());
        if (b == Backend.URING) {
            assertThrows(UnresolvedAddressException.class,
                    () -> b.connect(InetSocketAddress.createUnresolved("nowhere.invalid", 80)));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ipv6LoopbackEcho(Backend b) throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (var probe = new java.net.ServerSocket(0, 1, v6)) {
            assertInstanceOf(Inet6Address.class, probe.getInetAddress());
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback on this machine: " + e.getMessage());
        }
        try (Echo echo = new Echo(b, new InetSocketAddress(v6, 0))) {
            assertInstanceOf(Inet6Address.class, ((InetSocketAddress) echo.address()).getAddress());
            echoOnce(b, echo.address(), "over IPv6".getBytes());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unixDomainEcho(Backend b) throws Exception {
        UnixDomainSocketAddress at = UnixDomainSocketAddress.of(dir.resolve("echo.sock"));
        try (Echo echo = new Echo(b, at)) {
            byte[] p = new byte[200_000];
            new SplittableRandom(5).nextBytes(p);
            echoOnce(b, at, p);
        }
        assertTrue(Files.exists(at.getPath()), "the socket file stays, as with the JDK");
    }

    /**
     * Array reads and writes move exactly their range: the bytes around it stay as they were, a
     * read larger than one receive (64 KiB) still gets every byte in order, a bad range is
     * IndexOutOfBoundsException with nothing sent or consumed, an empty range returns 0 at once.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void arrayReadsAndWritesMoveExactlyTheirRange(Backend b) throws Exception {
        try (Echo echo = new Echo(b, LOOPBACK_ANY_PORT); UringSocket c = b.connect(echo.address())) {
            byte[] src = new byte[200];
            new SplittableRandom(7).nextBytes(src);
            assertThrows(IndexOutOfBoundsException.class, () -> c.write(src, 150, 51));
            assertThrows(IndexOutOfBoundsException.class, () -> c.write(src, -1, 5));
            assertEquals(0, c.write(src, 200, 0));
            assertEquals(100, c.write(src, 3, 100));

            byte[] dst = new byte[300];
            Arrays.fill(dst, (byte) 0x55);
            assertThrows(IndexOutOfBoundsException.class, () -> c.read(dst, 299, 5));
            assertThrows(IndexOutOfBoundsException.class, () -> c.read(dst, -1, 5));
            assertEquals(0, c.read(dst, 10, 0));
            for (int done = 0; done < 100; ) {
                int n = c.read(dst, 10 + done, 150 - done);
                assertTrue(n > 0, "read " + n + " after " + done);
                done += n;
                assertTrue(done <= 100, "more than was sent: " + done);
            }
            assertArrayEquals(Arrays.copyOfRange(src, 3, 103), Arrays.copyOfRange(dst, 10, 110));
            for (int i = 0; i < dst.length; i++) {
                if (i < 10 || i >= 110) {
                    assertEquals((byte) 0x55, dst[i], "byte " + i + " outside the read's range");
                }
            }

            byte[] big = new byte[300 * 1024];
            new SplittableRandom(8).nextBytes(big);
            Thread w = Thread.ofVirtual().start(() -> {
                try {
                    c.write(big, 0, big.length);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] back = new byte[big.length + 1];
            int done = 0;
            while (done < big.length) {
                int n = c.read(back, done, back.length - done);
                assertTrue(n > 0, "read " + n + " after " + done);
                done += n;
            }
            w.join();
            assertEquals(big.length, done);
            assertArrayEquals(big, Arrays.copyOf(back, big.length));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void readTimeoutLeavesTheSocketUsable(Backend b) throws Exception {
        try (Echo echo = new Echo(b, LOOPBACK_ANY_PORT); UringSocket c = b.connect(echo.address())) {
            c.setReadTimeout(Duration.ofMillis(100));
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> c.read(ByteBuffer.allocate(10)));
            assertTrue(e.getMessage().contains("Read timed out"), e.getMessage());
            assertTrue(c.isOpen());
            c.write("again".getBytes(), 0, 5);
            ByteBuffer back = ByteBuffer.allocate(5);
            c.readFully(back);
            assertEquals("again", new String(back.array()));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void acceptTimeoutLeavesTheServerOpen(Backend b) throws Exception {
        try (UringServerSocket s = b.listen(LOOPBACK_ANY_PORT)) {
            assertThrows(SocketTimeoutException.class, () -> s.accept(Duration.ofMillis(100)));
            assertTrue(s.isOpen());
            try (UringSocket c = b.connect(s.localAddress()); UringSocket a = s.accept(Duration.ofSeconds(5))) {
                assertEquals(c.localAddress(), a.remoteAddress());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void asyncCloseEndsABlockedReadAndAcceptAndLeaksNoFd(Backend b) throws Exception {
        int before = Fds.count();
        try (UringServerSocket s = b.listen(LOOPBACK_ANY_PORT)) {
            UringSocket c = b.connect(s.localAddress());
            UringSocket a = s.accept();
            CompletableFuture<Throwable> read = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    c.read(ByteBuffer.allocate(10));
                    read.complete(null);
                } catch (Throwable e) {
                    read.complete(e);
                }
            });
            Thread.sleep(100);
            c.close();
            SocketException e = assertInstanceOf(SocketException.class, read.get(10, TimeUnit.SECONDS));
            assertEquals("Socket closed", e.getMessage());
            assertThrows(SocketException.class, () -> c.read(ByteBuffer.allocate(1)));
            a.close();
            CompletableFuture<Throwable> accept = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    s.accept();
                    accept.complete(null);
                } catch (Throwable x) {
                    accept.complete(x);
                }
            });
            Thread.sleep(100);
            s.close();
            assertInstanceOf(SocketException.class, accept.get(10, TimeUnit.SECONDS));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Fds.count() > before && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(Fds.count() <= before, "no descriptor leaked: " + before + " before, " + Fds.count() + " after");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void interruptOfABlockedReadClosesTheSocket(Backend b) throws Exception {
        try (Echo echo = new Echo(b, LOOPBACK_ANY_PORT)) {
            UringSocket c = b.connect(echo.address());
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    c.read(ByteBuffer.allocateDirect(10));
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("status lost", e));
                }
            });
            Thread.sleep(100);
            t.interrupt();
            SocketException e = assertInstanceOf(SocketException.class, outcome.get(10, TimeUnit.SECONDS));
            assertEquals("Closed by interrupt", e.getMessage());
            assertFalse(c.isOpen());
        }
    }

    /** The descriptor number of an io_uring socket. */
    private static int fd(UringSocket s) {
        return io.loomuring.spi.NonBlockingStream.of(s).descriptor().fd();
    }

    @Test
    void aReusedFdNumberNeverReceivesAnOldReadsData() throws Exception {
        try (UringServerSocket s = Backend.URING.listen(LOOPBACK_ANY_PORT)) {
            UringSocket old = Backend.URING.connect(s.localAddress());
            UringSocket oldPeer = s.accept();
            ByteBuffer canary = ByteBuffer.allocateDirect(64);
            for (int i = 0; i < 64; i++) {
                canary.put(i, (byte) 0x5a);
            }
            CompletableFuture<Throwable> pending = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    old.read(canary);
                    pending.complete(null);
                } catch (Throwable e) {
                    pending.complete(e);
                }
            });
            Thread.sleep(50);
            int oldFd = fd(old);
            old.close();
            assertInstanceOf(SocketException.class, pending.get(10, TimeUnit.SECONDS));
            UringSocket fresh = null;
            List<UringSocket> opened = new ArrayList<>();
            for (int i = 0; i < 50 && fresh == null; i++) {   // until the kernel hands out the old number
                UringSocket c = Backend.URING.connect(s.localAddress());
                opened.add(c);
                opened.add(s.accept());
                if (fd(c) == oldFd) {
                    fresh = c;
                }
            }
            assumeTrue(fresh != null, "the kernel did not reuse fd " + oldFd);
            UringSocket freshPeer = opened.get(opened.indexOf(fresh) + 1);
            freshPeer.write("new data".getBytes(), 0, 8);
            ByteBuffer got = ByteBuffer.allocate(8);
            fresh.readFully(got);
            assertEquals("new data", new String(got.array()));
            for (int i = 0; i < 64; i++) {
                assertEquals((byte) 0x5a, canary.get(i), "the old read's buffer was never written");
            }
            for (UringSocket u : opened) {
                u.close();
            }
            oldPeer.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void writingToAGonePeerIsAnExceptionNotSigpipe(Backend b) throws Exception {
        try (UringServerSocket s = b.listen(LOOPBACK_ANY_PORT)) {
            UringSocket c = b.connect(s.localAddress());
            s.accept().close();
            SocketException e = assertThrows(SocketException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    c.write(new byte[65536], 0, 65536);
                }
            });
            assertTrue(e.getMessage().contains("Broken pipe") || e.getMessage().contains("Connection reset"),
                    e.getMessage());
            c.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void optionsRoundTrip(Backend b) throws Exception {
        try (Echo echo = new Echo(b, LOOPBACK_ANY_PORT); UringSocket c = b.connect(echo.address())) {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            assertEquals(true, c.getOption(StandardSocketOptions.TCP_NODELAY));
            c.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            assertEquals(true, c.getOption(StandardSocketOptions.SO_KEEPALIVE));
            c.setOption(StandardSocketOptions.SO_RCVBUF, 65536);
            assertTrue(c.getOption(StandardSocketOptions.SO_RCVBUF) >= 65536);
            c.setOption(StandardSocketOptions.SO_LINGER, 5);
            assertEquals(5, c.getOption(StandardSocketOptions.SO_LINGER));
            c.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 30);
            assertEquals(30, c.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE));
            assertEquals(echo.address(), c.remoteAddress());
            assertEquals(Arrays.asList(true), List.of(echo.server.getOption(StandardSocketOptions.SO_REUSEADDR)));
        }
    }
}

package io.loomuring.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.loomuring.Backend;
import io.loomuring.Backends;
import io.loomuring.LoomUring;
import io.loomuring.poller.RingStats;

/** What compat's socket channels refuse, and many of them at once on virtual threads. */
class SocketChannelLimitsTest {
    @TempDir
    Path dir;

    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void nonBlockingModeWorksAndSelectorsDoNotMixProviders() throws Exception {
        try (UringSocketChannel c = UringSocketChannel.open();
             UringServerSocketChannel s = UringServerSocketChannel.open();
             UringDatagramChannel d = UringDatagramChannel.open();
             Selector jdkSelector = Selector.open()) {
            for (var ch : List.of(c, s, d)) {
                assertThrows(IllegalBlockingModeException.class, () -> ch.register(jdkSelector, ch.validOps()));
                if (Backends.current() == Backend.JDK) {
                    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                            () -> ch.configureBlocking(false));
                    assertTrue(e.getMessage().contains("io_uring"), e.getMessage());
                    assertTrue(ch.isBlocking());
                    continue;
                }
                ch.configureBlocking(false);
                assertFalse(ch.isBlocking());
                // a compat channel and the JDK's selector: the JDK's exception for a foreign channel
                assertThrows(java.nio.channels.IllegalSelectorException.class, () -> ch.register(jdkSelector, 0));
                ch.configureBlocking(true);
                assertTrue(ch.isBlocking());
            }
            if (Backends.current() == Backend.URING) {
                try (Selector ours = c.provider().openSelector()) {
                    assertTrue(ours instanceof UringSelector, ours.getClass().getName());
                }
            }
            assertTrue(c.isOpen());
        }
    }

    @Test
    void unixDomainChannels() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        UnixDomainSocketAddress addr = UnixDomainSocketAddress.of(dir.resolve("sock"));
        try (UringServerSocketChannel s = UringServerSocketChannel.open(StandardProtocolFamily.UNIX);
             SocketChannel c = UringSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(addr);
            c.connect(addr);
            try (SocketChannel a = s.accept()) {
                c.write(ByteBuffer.wrap("unix".getBytes()));
                ByteBuffer b = ByteBuffer.allocate(10);
                a.read(b);
                assertEquals("unix", new String(b.array(), 0, b.position()));
            }
        }
    }

    @Test
    void twoThousandVirtualThreadsEchoThroughTheRing() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        int clients = 2000;
        RingStats before = LoomUring.pollers().stats();
        AtomicInteger ok = new AtomicInteger();
        try (UringServerSocketChannel server = UringServerSocketChannel.open()) {
            server.bind(LOOPBACK, clients);
            Thread acceptor = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < clients; i++) {
                    try {
                        SocketChannel a = server.accept();
                        Thread.ofVirtual().start(() -> {
                            try (a) {
                                ByteBuffer b = ByteBuffer.allocate(64);
                                while (a.read(b) >= 0) {
                                    b.flip();
                                    a.write(b);
                                    b.clear();
                                }
                            } catch (Exception e) {
                                // counted by the client
                            }
                        });
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int n = i;
                threads.add(Thread.ofVirtual().start(() -> {
                    try (SocketChannel c = UringSocketChannel.open(server.getLocalAddress())) {
                        byte[] msg = ("client-" + n).getBytes();
                        c.write(ByteBuffer.wrap(msg));
                        c.shutdownOutput();
                        ByteBuffer b = ByteBuffer.allocate(64);
                        while (c.read(b) >= 0) {
                            // to end of stream
                        }
                        if (new String(b.array(), 0, b.position()).equals("client-" + n)) {
                            ok.incrementAndGet();
                        }
                    } catch (Exception e) {
                        // not ok
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            acceptor.join();
        }
        assertEquals(clients, ok.get());
        RingStats after = LoomUring.pollers().stats();
        assertTrue(after.submitted() - before.submitted() >= 5L * clients,
                "connect, accept, write, read, read per client through the ring: " + (after.submitted() - before.submitted()));
        assertSame(UringSelectorProvider.class, UringSocketChannel.open().provider().getClass());
    }
}

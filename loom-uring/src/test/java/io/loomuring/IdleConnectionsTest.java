package io.loomuring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.loomuring.internal.memory.BufferPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A virtual thread blocked in {@code read(byte[])} on an idle connection holds no native buffer:
 * the read waits on the ring's provided buffers, which the kernel takes only when data arrives.
 * Then every connection receives at once — far more than the ring has buffers, so some reads find
 * none ({@code -ENOBUFS}) and fall back — and every byte arrives intact.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IdleConnectionsTest {

    @Test
    void idleReadersHoldNoBuffersAndAllReceiveIntact() throws Exception {
        assumeTrue(LoomUring.pollers().get(0).providedBuffers() != null,
                "kernel without provided buffer rings (before 5.19): heap reads use bounce buffers");
        int n = 2000;
        int allocatedBefore = BufferPool.shared().allocated();
        long inFlightBefore = LoomUring.pollers().stats().inFlight();
        try (UringServerSocket server = Backend.URING.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                4096, java.util.Map.of())) {
            List<UringSocket> clients = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(n);
            AtomicInteger intact = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                clients.add(Backend.URING.connect(server.localAddress()));
                UringSocket s = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        byte[] b = new byte[16 * 1024];
                        int got = 0;
                        while (got < 100) {
                            int k = s.read(b, got, b.length - got);
                            if (k < 0) {
                                break;
                            }
                            got += k;
                        }
                        boolean ok = got == 100;
                        for (int k = 0; k < 100 && ok; k++) {
                            ok = b[k] == (byte) (k * 7);
                        }
                        if (ok) {
                            intact.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // counted as not intact
                    } finally {
                        done.countDown();
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (LoomUring.pollers().stats().inFlight() - inFlightBefore < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(LoomUring.pollers().stats().inFlight() - inFlightBefore >= n, "every reader is parked in the kernel");
            int held = BufferPool.shared().allocated() - allocatedBefore;
            assertTrue(held < 50, n + " idle readers hold " + held + " pooled buffers");
            byte[] msg = new byte[100];
            for (int k = 0; k < 100; k++) {
                msg[k] = (byte) (k * 7);
            }
            for (UringSocket c : clients) {
                Thread.ofVirtual().start(() -> {
                    try {
                        c.write(msg, 0, msg.length);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
            }
            assertTrue(done.await(60, TimeUnit.SECONDS));
            assertEquals(n, intact.get(), "every reader got its 100 bytes intact");
            for (UringSocket c : clients) {
                c.close();
            }
        }
    }
}

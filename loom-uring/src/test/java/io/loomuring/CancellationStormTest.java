package io.loomuring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 reads cancelled mid-flight by interrupts, timeouts and closes. Each reads into a
 * canary-filled direct buffer; once the call has returned (by any path) the buffer must never
 * change again — the kernel may write into it only before the operation's own CQE, which every
 * path waits for. The process ends with as many descriptors as it started with.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancellationStormTest {

    @Test
    void tenThousandCancelledReadsNeverTouchTheirBuffersAfterReturning() throws Exception {
        int rounds = 100, perRound = 100;
        LoomUring.pollers(); // the shared ring and its eventfd are opened on first use
        int fdsBefore = Fds.count();
        ConcurrentLinkedQueue<ByteBuffer> returned = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<byte[]> snapshots = new ConcurrentLinkedQueue<>();
        AtomicInteger unexpected = new AtomicInteger();
        AtomicInteger[] outcomes = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        try (UringServerSocket server = Backend.URING.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024,
                java.util.Map.of())) {
            SplittableRandom rnd = new SplittableRandom(11);
            for (int round = 0; round < rounds; round++) {
                List<UringSocket> peers = new ArrayList<>();
                List<Thread> threads = new ArrayList<>();
                List<UringSocket> clients = new ArrayList<>();
                for (int i = 0; i < perRound; i++) {
                    UringSocket c = Backend.URING.connect(server.localAddress());
                    clients.add(c);
                    peers.add(server.accept());
                    int how = rnd.nextInt(3); // 0 interrupt, 1 timeout, 2 close
                    if (how == 1) {
                        c.setReadTimeout(Duration.ofMillis(1 + rnd.nextInt(20)));
                    }
                    ByteBuffer buf = ByteBuffer.allocateDirect(256);
                    threads.add(Thread.ofVirtual().start(() -> {
                        for (int k = 0; k < 256; k++) {
                            buf.put(k, (byte) 0xA5);
                        }
                        try {
                            c.read(buf);
                            outcomes[3].incrementAndGet(); // data raced the cancel: allowed
                        } catch (java.net.SocketTimeoutException e) {
                            outcomes[1].incrementAndGet();
                        } catch (java.net.SocketException e) {
                            outcomes[e.getMessage().equals("Closed by interrupt") ? 0 : 2].incrementAndGet();
                        } catch (IOException e) {
                            unexpected.incrementAndGet();
                        }
                        // What the buffer holds when the call returns: data that won a race against the
                        // cancel may be there (written before the CQE). From now on nothing may change.
                        byte[] snap = new byte[256];
                        buf.get(0, snap);
                        synchronized (returned) {
                            returned.add(buf);
                            snapshots.add(snap);
                        }
                    }));
                    if (how == 0) {
                        Thread t = threads.get(threads.size() - 1);
                        Thread.ofVirtual().start(() -> {
                            Thread.onSpinWait();
                            t.interrupt();
                        });
                    } else if (how == 2) {
                        Thread.ofVirtual().start(() -> {
                            try {
                                c.close();
                            } catch (IOException e) {
                                unexpected.incrementAndGet();
                            }
                        });
                    }
                }
                // Late data arrives for some: a cancelled read must not take it into a returned buffer.
                for (int i = 0; i < peers.size(); i += 7) {
                    try {
                        peers.get(i).write(new byte[64], 0, 64);
                    } catch (IOException e) {
                        // the client side is gone
                    }
                }
                for (Thread t : threads) {
                    t.join();
                }
                for (UringSocket c : clients) {
                    c.close();
                }
                for (UringSocket p : peers) {
                    p.close();
                }
            }
        }
        Thread.sleep(50); // any late kernel write would land now
        var snaps = snapshots.iterator();
        int untouched = 0;
        for (ByteBuffer b : returned) {
            byte[] snap = snaps.next();
            boolean canary = true;
            for (int k = 0; k < 256; k++) {
                assertEquals(snap[k], b.get(k), "a returned buffer changed after its call returned");
                canary &= snap[k] == (byte) 0xA5;
            }
            untouched += canary ? 1 : 0;
        }
        assertTrue(untouched > rounds * perRound / 2, "most cancelled reads never wrote: " + untouched);
        assertEquals(rounds * perRound, returned.size());
        assertEquals(0, unexpected.get());
        assertTrue(outcomes[0].get() > 0 && outcomes[1].get() > 0 && outcomes[2].get() > 0,
                "all three kinds of cancellation happened: interrupt " + outcomes[0] + ", timeout " + outcomes[1]
                        + ", close " + outcomes[2] + ", completed " + outcomes[3]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Fds.count() > fdsBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(Fds.count() <= fdsBefore, "descriptors: " + fdsBefore + " before, " + Fds.count() + " after");
    }
}

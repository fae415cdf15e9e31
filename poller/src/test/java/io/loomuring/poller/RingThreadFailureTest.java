package io.loomuring.poller;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;

import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Sqe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An unexpected exception on the ring thread fails every waiter, hangs nobody, and is logged once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RingThreadFailureTest {

    /** A multishot timeout whose intermediate completions throw: a bug in an operation's callback. */
    static final class Bomb extends Operation {
        private static final int IORING_TIMEOUT_MULTISHOT = 1 << 6;
        private final MemorySegment ts = Arena.ofAuto().allocate(16, 8);

        Bomb() {
            ts.set(JAVA_LONG, 8, 1_000_000L); // every millisecond
        }

        @Override
        protected void prepare(Sqe sqe) {
            sqe.prepRw(Opcode.TIMEOUT, -1, ts.address(), 1, 0).opFlags(IORING_TIMEOUT_MULTISHOT);
        }

        @Override
        protected boolean multishot() {
            return true;
        }

        @Override
        protected void onIntermediate(int res, int flags) {
            throw new IllegalStateException("boom");
        }
    }

    /** Child entry point: the scenario, so that the test can count what was logged to stderr. */
    public static void main(String[] args) throws Exception {
        new RingThreadFailureTest().aFailingRingThreadFailsEveryWaiter();
        System.out.println("SCENARIO OK");
    }

    @Test
    void aFailingRingThreadIsLoggedOnceWithItsCause() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), RingThreadFailureTest.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("SCENARIO OK"), out);
        assertEquals(1, out.lines().filter(l -> l.contains("ring thread") && l.contains("failed")).count(), out);
        assertTrue(out.contains("java.lang.IllegalStateException: boom"), "the cause is logged: " + out);
    }

    @Test
    void aFailingRingThreadFailsEveryWaiter() throws Exception {
        try (Poller poller = Poller.open()) {
            int n = 200;
            CountDownLatch done = new CountDownLatch(n);
            ConcurrentLinkedQueue<Throwable> outcomes = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < n; i++) {
                Thread.ofVirtual().start(() -> {
                    try {
                        poller.execute(new TimeoutOp(TimeUnit.HOURS.toNanos(1)));
                    } catch (Throwable t) {
                        outcomes.add(t);
                    } finally {
                        done.countDown();
                    }
                });
            }
            while (poller.stats().inFlight() < n) {
                Thread.sleep(1);
            }
            poller.submit(new Bomb());
            assertTrue(done.await(5, TimeUnit.SECONDS), "no waiter hangs");
            assertEquals(n, outcomes.size());
            for (Throwable t : outcomes) {
                PollerClosedException e = assertInstanceOf(PollerClosedException.class, t);
                assertTrue(e.getMessage().contains("boom"), e.getMessage());
                assertInstanceOf(IllegalStateException.class, e.getCause());
            }
            assertThrows(PollerClosedException.class, () -> poller.execute(new Nop()), "later calls fail at once");
            poller.thread().join(5000);
            assertTrue(!poller.thread().isAlive(), "the ring thread ended");
        }
    }
}

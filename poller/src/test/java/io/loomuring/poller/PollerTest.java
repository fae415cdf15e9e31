package io.loomuring.poller;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.RingOptions;
import io.loomuring.poller.ring.RingSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The poller against the real kernel: throughput of hand-offs, wake path, pressure, close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PollerTest {
    private Poller poller;

    @BeforeEach
    void open() throws Exception {
        poller = Poller.open();
    }

    @AfterEach
    void close() {
        poller.close();
    }

    @Test
    void tenThousandVirtualThreadsTimesHundredNopsAllComplete() throws Exception {
        RingStats before = poller.stats();
        long announcedBefore = poller.announcedSleeps();
        LongAdder zeroResults = new LongAdder();
        try (var vts = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 10_000; t++) {
                vts.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        if (poller.execute(new Nop()) == 0) {
                            zeroResults.increment();
                        }
                    }
                    return null;
                });
            }
        }
        RingStats d = poller.stats().since(before);
        assertEquals(1_000_000, zeroResults.sum(), "every nop completes with res 0");
        assertEquals(1_000_000, d.submitted(), "submitted counter");
        assertEquals(1_000_000, d.completed(), "completed counter");
        assertEquals(0, d.inFlight());
        assertEquals(0, d.staleCompletions());
        assertEquals(0, d.cqDropped());
        assertTrue(d.enters() > 0 && d.enters() <= d.completed(), "enters: " + d);
        assertTrue(d.batches() <= d.enters(), "batches are enters that submitted: " + d);
        assertTrue(d.largestBatch() >= 1 && d.largestBatch() <= poller.sqEntries(), "largest batch: " + d);
        // One producer per announced sleep signals; a sleep the ring thread's re-check called off
        // may still have been claimed, so the bound is announced sleeps, not sleeps taken.
        long announced = poller.announcedSleeps() - announcedBefore;
        assertTrue(d.wakeups() <= announced, "a wake-up per announced sleep at most: " + d + " announced=" + announced);
    }

    @Test
    void submissionAfterTheRingThreadSleptCompletes() throws Exception {
        assertEquals(0, poller.execute(new Nop()));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!poller.sleeping() && System.nanoTime() < deadline) { // however slow the machine
            Thread.sleep(1);
        }
        RingStats before = poller.stats();
        assertEquals(0, poller.execute(new Nop()));
        RingStats d = poller.stats().since(before);
        assertEquals(1, d.completed());
        assertEquals(1, d.wakeups(), "exactly one eventfd wake-up: " + d);
    }

    @Test
    void wakePathFromManyVirtualThreadsAfterIdlePeriods() throws Exception {
        for (int round = 0; round < 20; round++) {
            Thread.sleep(5);
            try (var vts = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 50; t++) {
                    vts.submit(() -> poller.execute(new Nop()));
                }
            }
        }
        assertEquals(1000, poller.stats().completed());
    }

    @Test
    void closingWithThousandParkedWaitersWakesEveryOneWithAnException() throws Exception {
        int n = 1000;
        CountDownLatch done = new CountDownLatch(n);
        ConcurrentLinkedQueue<Throwable> outcomes = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    int res = poller.execute(new TimeoutOp(TimeUnit.HOURS.toNanos(1)));
                    outcomes.add(new AssertionError("completed with res " + res));
                } catch (Throwable t) {
                    outcomes.add(t);
                } finally {
                    done.countDown();
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (poller.stats().inFlight() < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(n, poller.stats().inFlight(), "all waiters parked with their operation in the kernel");
        long t0 = System.nanoTime();
        poller.close();
        assertTrue(done.await(1, TimeUnit.SECONDS), "every waiter woke within a second of close");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, "close took " + ms + " ms");
        assertEquals(n, outcomes.size());
        for (Throwable t : outcomes) {
            assertInstanceOf(PollerClosedException.class, t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(!poller.thread().isAlive(), "ring thread joined");
    }

    @Test
    void closingTwiceIsHarmlessAndLaterSubmissionsFail() throws Exception {
        poller.close();
        poller.close();
        PollerClosedException e = assertThrows(PollerClosedException.class, () -> poller.execute(new Nop()));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void eightEntryRingCompletesThousandConcurrentOperations() throws Exception {
        try (Poller small = new Poller(PollerOptions.defaults().withName("small")
                .withRing(new RingOptions(8, 0, RingSetup.PREFERRED, true)))) {
            assertEquals(8, small.sqEntries());
            assertEquals(32, small.cqEntries(), "CQ is 4x the SQ");
            AtomicInteger timedOut = new AtomicInteger();
            try (var vts = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 1000; t++) {
                    vts.submit(() -> {
                        // an operation that stays in the kernel, so in-flight really hits the bound
                        if (small.execute(new TimeoutOp(TimeUnit.MILLISECONDS.toNanos(2))) == -Errno.ETIME) {
                            timedOut.incrementAndGet();
                        }
                        for (int i = 0; i < 10; i++) {
                            small.execute(new Nop());
                        }
                        return null;
                    });
                }
            }
            RingStats s = small.stats();
            assertEquals(1000, timedOut.get());
            assertEquals(11_000, s.completed());
            assertTrue(s.largestBatch() <= 8, "a batch never exceeds the SQ: " + s);
            assertEquals(0, s.cqDropped());
        }
    }

    @Test
    void inFlightOperationsMayFarExceedTheCompletionQueue() throws Exception {
        try (Poller small = new Poller(PollerOptions.defaults().withName("tiny")
                .withRing(new RingOptions(8, 0, RingSetup.PREFERRED, true)))) {
            assumeTrue((small.features() & io.loomuring.poller.kernel.SetupFlags.FEAT_NODROP) != 0,
                    "kernel without FEAT_NODROP: in-flight is bounded by the CQ");
            int n = 5000; // each stays in the kernel 50 ms, then all complete at once: CQ overflow
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(n);
            AtomicInteger ok = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                Thread.ofVirtual().start(() -> {
                    try {
                        if (small.execute(new TimeoutOp(TimeUnit.MILLISECONDS.toNanos(50))) == -Errno.ETIME) {
                            ok.incrementAndGet();
                        }
                    } catch (PollerClosedException e) {
                        throw new RuntimeException(e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(n, ok.get());
            RingStats s = small.stats();
            assertTrue(s.largestBatch() <= 8, s.toString());
            assertEquals(0, s.cqDropped(), "the kernel kept every completion: " + s);
        }
    }

    @Test
    void probeReportsNopAndRejectsUnknownOpcodes() {
        assertTrue(poller.supports(Opcode.NOP));
        assertTrue(poller.supports(Opcode.READ), "READ exists since 5.6");
        assertTrue(!poller.supports(255));
        assertTrue(!poller.supports(-1));
    }

    @Test
    void operationThatFailsToPrepareFailsAloneAndThePollerGoesOn() throws Exception {
        Operation broken = new Operation() {
            @Override
            protected void prepare(io.loomuring.poller.ring.Sqe sqe) {
                throw new IllegalStateException("broken prepare");
            }
        };
        PollerClosedException e = assertThrows(PollerClosedException.class, () -> poller.execute(broken));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(0, poller.execute(new Nop()));
    }

    @Test
    void cancelOfASubmittedOperationEndsItWithEcanceled() throws Exception {
        TimeoutOp op = new TimeoutOp(TimeUnit.HOURS.toNanos(1));
        poller.submit(op);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (op.state() != Operation.SUBMITTED && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(!poller.cancel(op), "already in the kernel: its CQE must still arrive");
        while (!op.isDone()) {
            java.util.concurrent.locks.LockSupport.park(this);
        }
        assertEquals(Operation.COMPLETED, op.state());
        assertEquals(-Errno.ECANCELED, op.result());
        assertTrue(!op.kernelMayOwn());
    }

    @Test
    void linkedTimeoutCancelsASlowOperationWithoutATimerThread() throws Exception {
        TimeoutOp op = new TimeoutOp(TimeUnit.HOURS.toNanos(1));
        op.linkTimeout(TimeUnit.MILLISECONDS.toNanos(20));
        RingStats before = poller.stats();
        assertEquals(-Errno.ECANCELED, poller.execute(op));
        assertEquals(1, poller.stats().since(before).completed(), "the LINK_TIMEOUT CQE is internal");
        TimeoutOp fast = new TimeoutOp(TimeUnit.MILLISECONDS.toNanos(1));
        fast.linkTimeout(TimeUnit.SECONDS.toNanos(10));
        assertEquals(-Errno.ETIME, poller.execute(fast), "the operation wins when it ends first");
    }

    @Test
    void interruptDoesNotAbandonAnOperationInTheKernel() throws Exception {
        Thread.currentThread().interrupt();
        int res = poller.execute(new TimeoutOp(Duration.ofMillis(20).toNanos()));
        assertTrue(Thread.interrupted(), "interrupt status restored");
        assertEquals(-Errno.ETIME, res);
    }
}

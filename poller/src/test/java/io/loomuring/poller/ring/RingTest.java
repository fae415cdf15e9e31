package io.loomuring.poller.ring;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.loomuring.poller.kernel.EnterFlags;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.SetupFlags;
import io.loomuring.poller.ring.IoUringUnavailableException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Ring setup, flag negotiation and the raw queues, driven from the test thread as owner. */
class RingTest {

    @Test
    void preferredFlagsAreGrantedAndReportedInFull() throws Exception {
        try (Ring ring = Ring.open(RingOptions.defaults())) {
            ring.enable(true);
            int f = ring.setupFlags();
            assumeTrue((f & SetupFlags.DEFER_TASKRUN) != 0,
                    "kernel refused DEFER_TASKRUN (before 6.1): " + ring.refusedFlags());
            assertEquals(RingSetup.PREFERRED, f, "granted flags, all 32 bits: " + SetupFlags.flagNames(f));
            assertTrue((f & SetupFlags.SINGLE_ISSUER) != 0, "SINGLE_ISSUER is bit 12: must not be lost");
            assertTrue(ring.refusedFlags().isEmpty(), ring.refusedFlags().toString());
            assertEquals(4 * ring.sqEntries(), ring.cqEntries());
            assertTrue(ring.ringFdRegistered(), "ring fd registered");
        }
    }

    @Test
    void impossibleCombinationFallsBackToCooperativeTaskRunning() throws Exception {
        // DEFER_TASKRUN without SINGLE_ISSUER is invalid: the kernel answers EINVAL.
        RingOptions impossible = RingOptions.defaults().withFlags(SetupFlags.DEFER_TASKRUN);
        try (Ring ring = Ring.open(impossible)) {
            ring.enable(false);
            assertEquals(RingSetup.COOPERATIVE, ring.setupFlags(), SetupFlags.flagNames(ring.setupFlags()));
            assertEquals(List.of("DEFER_TASKRUN: EINVAL"), ring.refusedFlags());
            assertEquals(8, roundTrip(ring, 8), "the fallback ring works");
        }
    }

    @Test
    void sqPollAffinityWithoutSqPollFallsBackTooAndTheRingStillWorks() throws Exception {
        RingOptions impossible = RingOptions.defaults().withFlags(SetupFlags.SQ_AFF | SetupFlags.IOPOLL
                | SetupFlags.DEFER_TASKRUN);
        try (Ring ring = Ring.open(impossible)) {
            ring.enable(false);
            assertNotEquals(impossible.preferredFlags(), ring.setupFlags());
            assertEquals(1, ring.refusedFlags().size());
            assertEquals(16, roundTrip(ring, 16));
        }
    }

    @Test
    void refusedSetupBecomesOneTypedExceptionNamingTheCause() {
        for (String errno : List.of("EPERM", "ENOSYS", "ENOMEM")) {
            System.setProperty(RingSetup.INJECT_ERRNO_PROPERTY, errno);
            try {
                IoUringUnavailableException e = assertThrows(IoUringUnavailableException.class,
                        () -> Ring.open(RingOptions.defaults()));
                assertTrue(e.getMessage().startsWith("io_uring_setup failed with " + errno + ":"), e.getMessage());
                assertTrue(e.errno() > 0);
                String hint = switch (errno) {
                    case "EPERM" -> "kernel.io_uring_disabled";
                    case "ENOSYS" -> "uname -r";
                    default -> "ulimit -l";
                };
                assertTrue(e.getMessage().contains(hint), e.getMessage());
            } finally {
                System.clearProperty(RingSetup.INJECT_ERRNO_PROPERTY);
            }
        }
    }

    @Test
    void completionQueueOverflowIsFlaggedAndFlushedWithoutLoss() throws Exception {
        try (Ring ring = Ring.open(new RingOptions(8, 16, RingSetup.PREFERRED, false))) {
            ring.enable(false);
            assertEquals(16, ring.cqEntries());
            List<Long> seen = new ArrayList<>();
            for (int batch = 0; batch < 3; batch++) {        // 24 CQEs into a 16-entry CQ, none reaped
                for (int i = 0; i < 8; i++) {
                    ring.sq().next().prepRw(Opcode.NOP, -1, 0, 0, 0).userData(batch * 8L + i);
                }
                ring.enter(0, 0);
            }
            assumeTrue((ring.features() & SetupFlags.FEAT_NODROP) != 0, "kernel without NODROP (before 5.5)");
            assertTrue((ring.sq().kernelFlags() & EnterFlags.SQ_CQ_OVERFLOW) != 0, "overflow flagged");
            ring.cq().reap((ud, res, flags) -> seen.add(ud));
            assertEquals(16, seen.size());
            ring.enter(0, 0);                                    // flushes the overflow list
            ring.cq().reap((ud, res, flags) -> seen.add(ud));
            assertEquals(24, seen.size(), "nothing lost: " + seen);
            assertEquals(0, ring.sq().kernelFlags() & EnterFlags.SQ_CQ_OVERFLOW, "flag cleared");
            assertEquals(0, ring.cq().overflow(), "kernel dropped nothing");
            for (long i = 0; i < 24; i++) {
                assertTrue(seen.contains(i), "user_data " + i);
            }
        }
    }

    @Test
    void fullSubmissionQueueAnswersNullUntilSubmitted() throws Exception {
        try (Ring ring = Ring.open(RingOptions.defaults().withSqEntries(4))) {
            ring.enable(false);
            for (int i = 0; i < 4; i++) {
                assertTrue(ring.sq().next() != null);
            }
            assertEquals(null, ring.sq().next(), "full");
            assertEquals(4, ring.enter(0, 0), "all four consumed (all-zero SQEs are NOPs)");
            assertTrue(ring.sq().next() != null, "space again");
        }
    }

    @Test
    void waitWithTimeoutReturnsWhenNothingCompletes() throws Exception {
        try (Ring ring = Ring.open(RingOptions.defaults())) {
            ring.enable(true);
            long t0 = System.nanoTime();
            assertEquals(0, ring.enter(1, 20_000_000L));
            assertTrue(System.nanoTime() - t0 >= 15_000_000L, "waited for the timeout");
            assertEquals(0, ring.cq().ready());
        }
    }

    @Test
    void aHandlerThatReapsAgainNeverSeesACompletionTwice() throws Exception {
        // A CQE handler may submit, and submitting into a full SQ used to reap inside the reap:
        // the inner reap started from the outer's head and handed the same CQEs out again (an
        // accepted fd to two owners). Every CQE must be handled once, whoever reaps.
        try (Ring ring = Ring.open(RingOptions.defaults())) {
            ring.enable(true);
            int n = 8;
            for (int i = 0; i < n; i++) {
                ring.sq().next().prepRw(Opcode.NOP, -1, 0, 0, 0).userData(i + 1);
            }
            ring.enter(n, 0);
            int[] seen = new int[n + 1];
            int[] depth = {0};
            CompletionQueue.Handler[] h = new CompletionQueue.Handler[1];
            h[0] = (ud, res, flags) -> {
                seen[(int) ud]++;
                if (depth[0] < 3) {        // every handler reaps again, three deep
                    depth[0]++;
                    ring.cq().reap(h[0]);
                    depth[0]--;
                }
            };
            int handled = ring.cq().reap(h[0]);
            for (int i = 1; i <= n; i++) {
                assertEquals(1, seen[i], "CQE " + i + " handled " + seen[i] + " times");
            }
            assertTrue(handled >= 1 && handled <= n, "the outer reap counts only its own: " + handled);
            assertEquals(0, ring.cq().ready());
        }
    }

    private static int roundTrip(Ring ring, int n) {
        for (int i = 0; i < n; i++) {
            ring.sq().next().prepRw(Opcode.NOP, -1, 0, 0, 0).userData(i + 1);
        }
        ring.enter(n, 0);
        int[] count = {0};
        while (count[0] < n) {
            ring.cq().reap((ud, res, flags) -> count[0]++);
            if (count[0] < n) {
                ring.enter(1, 0);
            }
        }
        return count[0];
    }
}

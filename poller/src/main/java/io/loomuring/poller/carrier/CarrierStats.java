package io.loomuring.poller.carrier;

import io.loomuring.poller.RingStats;

/**
 * One carrier's counters: its ring's ({@link RingStats}: operations submitted and completed,
 * {@code io_uring_enter} calls, sleeps and the wake-ups sent to it, batches, stale completions), and
 * beside them the scheduler's: continuations run (from its own queue, stolen from another carrier),
 * pushed onto it from other threads, queued now, reaps done by a waiter itself because its park
 * held the carrier (pinned), reaps of its CQ done by the monitor while one continuation held the
 * carrier ({@code takeovers}), takes of its claim that had to wait ({@code claimWaits}), and
 * operations handed over to it by a virtual thread that had moved to another carrier between
 * choosing this ring and submitting ({@code strays}).
 */
public record CarrierStats(String name, RingStats ring, long continuations, long local, long stolen,
                           long injected, long queued, long pumps, long takeovers, long claimWaits, long strays) {

    @Override
    public String toString() {
        return String.format("%s: continuations=%d (local=%d stolen=%d injected=%d) queued=%d pumps=%d takeovers=%d claimWaits=%d strays=%d %s",
                name, continuations, local, stolen, injected, queued, pumps, takeovers, claimWaits, strays, ring);
    }
}

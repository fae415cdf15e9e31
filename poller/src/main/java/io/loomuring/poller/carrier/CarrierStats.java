package io.loomuring.poller.carrier;

import io.loomuring.poller.RingStats;

/**
 * One carrier's counters: its ring's ({@link RingStats}: operations submitted and completed,
 * {@code io_uring_enter} calls, sleeps and the wake-ups sent to it, batches, stale completions), and
 * beside them the scheduler's: continuations run (from its own queue, stolen from another carrier),
 * pushed onto it from other threads, queued now, and reaps done by a waiter itself because its park
 * held the carrier (pinned).
 */
public record CarrierStats(String name, RingStats ring, long continuations, long local, long stolen,
                           long injected, long queued, long pumps) {

    @Override
    public String toString() {
        return String.format("%s: continuations=%d (local=%d stolen=%d injected=%d) queued=%d pumps=%d %s",
                name, continuations, local, stolen, injected, queued, pumps, ring);
    }
}

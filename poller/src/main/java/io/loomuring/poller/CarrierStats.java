package io.loomuring.poller;

/**
 * One carrier's counters: continuations run (from its own queue, stolen from another carrier) and
 * pushed onto it from other threads; operations submitted to its ring and completed, in flight;
 * {@code io_uring_enter} calls, sleeps and the wake-ups sent to it; the largest batch submitted in
 * one enter; stale completions; continuations queued now; reaps done by a waiter itself because
 * its park held the carrier (pinned).
 */
public record CarrierStats(String name, long continuations, long local, long stolen, long injected,
                           long submitted, long completed, long inFlight, long enters, long sleeps,
                           long wakeups, long largestBatch, long stale, long queued, long pumps) {

    /** {@code io_uring_enter} calls per completed operation. */
    public double entersPerOp() {
        return completed == 0 ? 0 : (double) enters / completed;
    }

    /** Wake-ups per completed operation. */
    public double wakeupsPerOp() {
        return completed == 0 ? 0 : (double) wakeups / completed;
    }

    @Override
    public String toString() {
        return String.format("%s: continuations=%d (local=%d stolen=%d injected=%d) submitted=%d completed=%d inFlight=%d"
                + " enters=%d (%.3f/op) sleeps=%d wakeups=%d (%.3f/op) largestBatch=%d stale=%d queued=%d pumps=%d",
                name, continuations, local, stolen, injected, submitted, completed, inFlight, enters, entersPerOp(),
                sleeps, wakeups, wakeupsPerOp(), largestBatch, stale, queued, pumps);
    }
}

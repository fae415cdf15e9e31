package io.loomuring.poller;

/**
 * A snapshot of one ring's counters — a shared ring thread's, a carrier's (beside its own in
 * {@code CarrierStats}), a selector's — or their sum over a {@link PollerGroup}.
 *
 * @param submitted      operations written into SQEs
 * @param completed      operations whose final CQE arrived
 * @param enters         {@code io_uring_enter} calls
 * @param wakeups        times a producer woke the sleeping ring thread (eventfd writes)
 * @param sleeps         times the ring thread blocked waiting for completions or a wake-up
 * @param batches        {@code io_uring_enter} calls that submitted at least one SQE
 * @param largestBatch   most SQEs submitted by one {@code io_uring_enter}
 * @param inFlight       operations submitted and not yet completed, right now
 * @param cqOverflows    times the kernel flagged CQ overflow ({@code IORING_SQ_CQ_OVERFLOW}) and
 *                       the backlog was flushed
 * @param cqDropped      CQEs the kernel reports as lost ({@code cq.overflow}); must stay 0
 * @param staleCompletions CQEs whose {@code user_data} named a slot that had moved on
 * @param chains         operations written as a linked chain of SQEs (counted once each in
 *                       {@code submitted})
 * @param noBuffers      completions with {@code -ENOBUFS}: receives that found every provided
 *                       buffer of the ring taken (each is received again into pooled memory)
 */
public record RingStats(long submitted, long completed, long enters, long wakeups, long sleeps,
                          long batches, long largestBatch, long inFlight, long cqOverflows,
                          long cqDropped, long staleCompletions, long chains, long noBuffers) {

    /** The counters of {@code a} and {@code b} added (largest batch: the larger). */
    public static RingStats sum(RingStats a, RingStats b) {
        return new RingStats(a.submitted + b.submitted, a.completed + b.completed, a.enters + b.enters,
                a.wakeups + b.wakeups, a.sleeps + b.sleeps, a.batches + b.batches,
                Math.max(a.largestBatch, b.largestBatch), a.inFlight + b.inFlight,
                a.cqOverflows + b.cqOverflows, a.cqDropped + b.cqDropped,
                a.staleCompletions + b.staleCompletions, a.chains + b.chains,
                a.noBuffers + b.noBuffers);
    }

    /** What happened between {@code before} and this snapshot (largest batch and in-flight: this one's). */
    public RingStats since(RingStats before) {
        return new RingStats(submitted - before.submitted, completed - before.completed,
                enters - before.enters, wakeups - before.wakeups, sleeps - before.sleeps,
                batches - before.batches, largestBatch, inFlight, cqOverflows - before.cqOverflows,
                cqDropped - before.cqDropped, staleCompletions - before.staleCompletions,
                chains - before.chains, noBuffers - before.noBuffers);
    }

    /** Mean SQEs per submitting {@code io_uring_enter}. */
    public double meanBatch() {
        return batches == 0 ? 0 : (double) submitted / batches;
    }

    /** {@code io_uring_enter} calls per completed operation. */
    public double entersPerOp() {
        return completed == 0 ? 0 : (double) enters / completed;
    }

    /** Ring-thread wake-ups per completed operation. */
    public double wakeupsPerOp() {
        return completed == 0 ? 0 : (double) wakeups / completed;
    }

    @Override
    public String toString() {
        return String.format("submitted=%d completed=%d enters=%d wakeups=%d sleeps=%d batches=%d "
                        + "meanBatch=%.1f largestBatch=%d inFlight=%d cqOverflows=%d cqDropped=%d stale=%d "
                        + "chains=%d noBuffers=%d enters/op=%.4f wakeups/op=%.4f",
                submitted, completed, enters, wakeups, sleeps, batches, meanBatch(), largestBatch, inFlight,
                cqOverflows, cqDropped, staleCompletions, chains, noBuffers, entersPerOp(), wakeupsPerOp());
    }
}

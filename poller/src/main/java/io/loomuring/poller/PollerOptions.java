package io.loomuring.poller;

import io.loomuring.poller.ring.RingOptions;

/**
 * How to build a {@link Poller}.
 *
 * @param ring       the ring's sizes and setup flags
 * @param name       the ring thread's name
 * @param spinNanos  how long the ring thread polls its hand-off queue before it sleeps: 0 never
 *                   spins (the default), a negative value yields the CPU once and re-checks.
 *                   Spinning trades CPU for fewer wake-ups; on 2 CPUs it starves the carriers
 *                   (see {@code bench/} NopRoundTrip). System property {@code loomuring.spinNanos}.
 */
public record PollerOptions(RingOptions ring, String name, long spinNanos) {

    /** Defaults: {@link RingOptions#defaults()}, thread named {@code loom-uring-poller}, no spin. */
    public static PollerOptions defaults() {
        return new PollerOptions(RingOptions.defaults(), "loom-uring-poller",
                Long.getLong("loomuring.spinNanos", 0L));
    }

    PollerOptions withRing(RingOptions r) { // tests
        return new PollerOptions(r, name, spinNanos);
    }

    public PollerOptions withName(String n) {
        return new PollerOptions(ring, n, spinNanos);
    }
}

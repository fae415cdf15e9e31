/**
 * The rings' runtime: {@link io.loomuring.poller.RingOwner} owns one ring (slot table, backlog,
 * wake eventfd, provided buffers, counters) and is driven by a loop — the shared ring thread
 * ({@link io.loomuring.poller.Poller}, fed by a hand-off queue) or a carrier of
 * {@code io.loomuring.poller.carrier}. {@link io.loomuring.poller.Operation} explains the lifecycle
 * every operation follows; {@link io.loomuring.poller.IoRing} is what callers submit to.
 */
package io.loomuring.poller;

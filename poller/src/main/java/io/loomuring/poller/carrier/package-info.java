/**
 * Carrier rings: a virtual-thread scheduler ({@link io.loomuring.poller.carrier.CarrierScheduler})
 * whose carrier threads each drive a {@link io.loomuring.poller.RingOwner}, so that a virtual
 * thread's operations go into the ring of the carrier it runs on and complete there.
 * {@link io.loomuring.poller.carrier.CarrierDoor} is the one class that reaches into the JDK.
 */
package io.loomuring.poller.carrier;

/**
 * One io_uring instance: setup with flag negotiation, the mapped submission and completion queues,
 * the opcode probe. Only the ring's own thread touches SQ/CQ memory once the ring is enabled.
 *
 * <p>Internal to loom-uring: exported for the library's own modules, not a supported API.
 */
package io.loomuring.poller.ring;

/**
 * The poller: ring threads that take operations from many (virtual) threads, submit them to
 * io_uring in batches and unpark each waiter when its completion arrives.
 *
 * <p>Start with {@link io.loomuring.poller.Poller}; {@link io.loomuring.poller.Operation} explains
 * the lifecycle every operation follows.
 */
package io.loomuring.poller;

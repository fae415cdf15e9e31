/**
 * The public blocking API: files and sockets whose every operation, on a virtual thread, is an
 * io_uring operation underneath. The types here are abstract; their implementations are the two
 * backends ({@link io.loomuring.Backend}), found at run time, which users never name.
 */
package io.loomuring;

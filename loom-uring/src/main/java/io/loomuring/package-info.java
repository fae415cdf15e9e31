/**
 * The public blocking API: files and sockets whose every operation, on a virtual thread, is an
 * io_uring operation underneath.
 */
package io.loomuring;

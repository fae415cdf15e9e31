/**
 * Raw Linux system calls through the FFM API: {@code io_uring_setup}, {@code io_uring_enter},
 * {@code io_uring_register}, {@code mmap}, {@code eventfd}, {@code close} and friends, with errno
 * captured into memory owned by the calling thread.
 *
 * <p>Internal to loom-uring: exported for the library's own modules, not a supported API.
 */
package io.loomuring.poller.sys;

/**
 * The one place loom-uring calls native code: the io_uring system calls, {@code mmap} and
 * {@code eventfd} ({@link io.loomuring.poller.sys.Syscalls}) and every other C library function
 * ({@link io.loomuring.poller.sys.LibC}), each linked once, each returning its result or
 * {@code -errno}, with errno captured the same way everywhere ({@link io.loomuring.poller.sys.CallState}).
 *
 * <p>Internal to loom-uring: exported for the library's own modules, not a supported API.
 */
package io.loomuring.poller.sys;

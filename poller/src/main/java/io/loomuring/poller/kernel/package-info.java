/**
 * Transcribed kernel ABI: io_uring structure layouts and constants, each quoting the C it mirrors
 * ({@code include/uapi/linux/io_uring.h}, checked against Linux 6.18). No logic lives here.
 *
 * <p>Internal to loom-uring: exported for the library's own modules, not a supported API.
 */
package io.loomuring.poller.kernel;

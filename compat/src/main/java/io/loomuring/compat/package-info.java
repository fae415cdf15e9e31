/**
 * java.nio and java.net adapters over loom-uring, and the switches that put programs which do not
 * know loom-uring on it.
 *
 * <p>Channels, blocking mode: {@link io.loomuring.compat.UringFileChannel},
 * {@link io.loomuring.compat.UringSocketChannel}, {@link io.loomuring.compat.UringServerSocketChannel},
 * {@link io.loomuring.compat.UringDatagramChannel} (with their {@code socket()} adaptors).
 * Switches: {@link io.loomuring.compat.UringFileSystemProvider} (files),
 * {@link io.loomuring.compat.UringSelectorProvider} (java.nio sockets),
 * {@link io.loomuring.compat.JavaNetSwitch} ({@code java.net.Socket} and {@code ServerSocket}).
 */
package io.loomuring.compat;

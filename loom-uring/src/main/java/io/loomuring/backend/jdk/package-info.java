/**
 * The JDK backend: the API's types over the JDK's own channels and sockets, with the io_uring
 * backend's results and exceptions; reached only through {@code JdkBackend}. Knows nothing of
 * io_uring.
 */
package io.loomuring.backend.jdk;

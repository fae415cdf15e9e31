/**
 * The io_uring backend: the API's types over the rings ({@code RingFile}, {@code RingSocket},
 * {@code RingServerSocket}, {@code RingDatagramSocket}, {@code RingPipe}, {@code RingPaths}),
 * reached only through {@code UringBackend}, the {@code BackendProvider} the API loads. Every
 * blocking call is one or more ring operations ({@code io.loomuring.internal.op}) in the
 * {@code Blocking} bracket.
 */
package io.loomuring.backend.uring;

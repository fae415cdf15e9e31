/**
 * loom-uring's machinery under both the API and the io_uring backend: the descriptor lifecycle
 * ({@code FdHandle}, {@code CloseGate}), the blocking bracket ({@code Blocking}), errno mapping
 * ({@code Errors}), heap data through native buffers ({@code Bounce}), non-blocking single calls,
 * and the seam the API finds its backends through ({@code BackendProvider}). Knows neither the API
 * nor the backends. Not a supported API; exported only to loom-uring's own modules.
 */
package io.loomuring.internal;

/**
 * loom-uring's machinery under the io_uring backend: the descriptor lifecycle ({@code FdHandle},
 * {@code CloseGate}), the blocking bracket ({@code Blocking}), errno mapping ({@code Errors}),
 * non-blocking single calls ({@code NonBlocking}), socket and descriptor calls that never wait
 * ({@code Net}, {@code Fds}); {@code internal.op} holds one class per kind of ring request and
 * {@code internal.memory} the memory the kernel touches (leases, iovecs, pools). Knows no backend
 * and no SPI; of the API only its value types ({@code InterruptPolicy}). Not exported.
 */
package io.loomuring.internal;

/**
 * The seam between loom-uring and its compat module: what the JDK's selectable channels need of a
 * loom-uring socket or pipe that the public API does not offer — its non-blocking side
 * ({@link io.loomuring.spi.NonBlockingMode} and kin, found with their {@code of} methods), a view of
 * its descriptor ({@link io.loomuring.spi.Descriptor}), polls ({@link io.loomuring.spi.Poll}) and a
 * selector's ring ({@link io.loomuring.spi.SelectorRing}) — plus the backends' factories
 * ({@link io.loomuring.spi.BackendProvider}) and the JDK's socket option rules. Exported to compat
 * only; not a supported API.
 */
package io.loomuring.spi;

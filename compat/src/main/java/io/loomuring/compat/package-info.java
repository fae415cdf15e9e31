/** java.nio and java.net adapters over loom-uring. */
package io.loomuring.compat;

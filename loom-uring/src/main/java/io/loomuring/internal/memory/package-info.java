/**
 * Native memory the kernel reads and writes: pooled buffers ({@code BufferPool},
 * {@code NativeBuffer}) and socket addresses in the kernel's layout ({@code SockAddr}). The bottom
 * of the module: depends on nothing of loom-uring's but the poller's constants.
 */
package io.loomuring.internal.memory;

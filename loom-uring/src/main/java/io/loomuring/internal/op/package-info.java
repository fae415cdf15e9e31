/**
 * One class per io_uring opcode loom-uring issues. Each operation owns everything the kernel can
 * touch (buffers, iovecs, path strings) until its CQE, and gives pooled memory back in
 * {@code release()}.
 */
package io.loomuring.internal.op;

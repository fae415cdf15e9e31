package io.loomuring;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A one-way pipe: bytes written into its sink come out of its source, in order. On io_uring
 * every read and write is a ring operation ({@code IORING_OP_READ} / {@code WRITE} on the pipe's
 * descriptors), so a virtual thread blocked on an empty or full pipe parks instead of holding its
 * carrier; without io_uring the pipe is the kernel's all the same, read and written through JDK
 * {@link java.nio.channels.FileChannel}s.
 *
 * <h2>Interrupt, close and errors</h2>
 * As {@link java.nio.channels.Pipe}'s channels: interrupting a thread blocked in a read or write
 * (or entering one with the interrupt status set) cancels the operation, closes that end and
 * throws {@link java.nio.channels.ClosedByInterruptException} with the status set; closing an end
 * from another thread makes a call blocked on it throw
 * {@link java.nio.channels.AsynchronousCloseException}; any call on a closed end throws
 * {@link java.nio.channels.ClosedChannelException}. A read returns -1 once the sink is closed and
 * the pipe is empty; a write after the source closed throws {@code IOException} naming EPIPE.
 *
 * <p>Threads: one reader and one writer at a time may use the pipe; either end may be closed from
 * any thread.
 */
public abstract class UringPipe {
    /**
     * For loom-uring's backends only (packages {@code io.loomuring.backend.*}); applications open
     * instances with the static factories.
     *
     * @throws IllegalStateException the subclass is not one of loom-uring's backends
     */
    protected UringPipe() {
        Implementors.check(getClass());
    }

    /**
     * Opens a pipe ({@code pipe2(O_CLOEXEC)}) on the current backend.
     *
     * @throws IOException the kernel refused (EMFILE, ENFILE), with the errno name
     */
    public static UringPipe open() throws IOException {
        return Backends.current().openPipe();
    }

    /**
     * Reads up to {@code dst.remaining()} bytes from the source end, waiting until at least one is
     * there. Returns the count, 0 when {@code dst} has no room, -1 at end of stream (sink closed,
     * pipe empty).
     */
    public abstract int read(ByteBuffer dst) throws IOException;

    /** Writes all of {@code src} into the sink end, waiting while the pipe is full; returns the count. */
    public abstract int write(ByteBuffer src) throws IOException;

    /**
     * Scattering read: one read of up to the total room of {@code dsts[offset, offset+length)}
     * ({@code IORING_OP_READV}; heap buffers take at most 64 KiB per call through pooled native
     * memory), waiting until at least one byte is there, filling the buffers in order. Returns the
     * count, 0 when no buffer has room, -1 at end of stream.
     *
     * @throws IllegalArgumentException  a buffer is read-only
     * @throws IndexOutOfBoundsException {@code offset} and {@code length} do not fit {@code dsts}
     */
    public abstract long read(ByteBuffer[] dsts, int offset, int length) throws IOException;

    /**
     * Gathering write of all remaining bytes of {@code srcs[offset, offset+length)} into the sink,
     * in order: each attempt is one {@code IORING_OP_WRITEV} over all the buffers, and a partial
     * write goes on from the exact byte where it stopped. Returns the count once every byte is
     * written.
     *
     * @throws IndexOutOfBoundsException {@code offset} and {@code length} do not fit {@code srcs}
     */
    public abstract long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /** Closes the source end; a blocked read throws {@code AsynchronousCloseException}. Idempotent. */
    public abstract void closeSource() throws IOException;

    /** Closes the sink end: once the pipe is empty, reads return -1. Idempotent. */
    public abstract void closeSink() throws IOException;

    /** Whether the source end is open: false once {@link #closeSource} was called or an interrupt closed it. */
    public abstract boolean isSourceOpen();

    /** Whether the sink end is open: false once {@link #closeSink} was called or an interrupt closed it. */
    public abstract boolean isSinkOpen();

    /**
     * Chooses what an interrupt does to a thread blocked on either end (see {@link InterruptPolicy});
     * {@link InterruptPolicy#CLOSE} until set. On the JDK backend the JDK channels keep their own.
     */
    public void setInterruptPolicy(InterruptPolicy policy) {
        java.util.Objects.requireNonNull(policy);
    }
}

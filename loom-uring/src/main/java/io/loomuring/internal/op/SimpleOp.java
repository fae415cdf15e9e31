package io.loomuring.internal.op;

import io.loomuring.poller.Operation;
import io.loomuring.poller.kernel.FileFlags;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Sqe;

/**
 * The opcodes that carry only numbers: {@code FSYNC}, {@code FALLOCATE}, {@code FTRUNCATE},
 * {@code SHUTDOWN}, {@code POLL_ADD}. Nothing for the kernel to touch in user memory, nothing to release.
 */
public final class SimpleOp extends Operation {
    private final int opcode;
    private final int fd;
    private final long addr;
    private final int len;
    private final long off;
    private final int opFlags;

    private SimpleOp(int opcode, int fd, long addr, int len, long off, int opFlags) {
        this.opcode = opcode;
        this.fd = fd;
        this.addr = addr;
        this.len = len;
        this.off = off;
        this.opFlags = opFlags;
    }

    /** {@code fsync(fd)}, or {@code fdatasync(fd)} when {@code dataOnly}. */
    public static SimpleOp fsync(int fd, boolean dataOnly) {
        return new SimpleOp(Opcode.FSYNC, fd, 0, 0, 0, dataOnly ? FileFlags.FSYNC_DATASYNC : 0);
    }

    /** {@code fallocate(fd, mode, offset, length)}: the length travels in {@code addr}, the mode in {@code len}. */
    public static SimpleOp fallocate(int fd, int mode, long offset, long length) {
        return new SimpleOp(Opcode.FALLOCATE, fd, length, mode, offset, 0);
    }

    /** {@code ftruncate(fd, length)} (Linux 6.9). */
    public static SimpleOp ftruncate(int fd, long length) {
        return new SimpleOp(Opcode.FTRUNCATE, fd, 0, 0, length, 0);
    }

    /** {@code shutdown(fd, how)}. */
    public static SimpleOp shutdown(int fd, int how) {
        return new SimpleOp(Opcode.SHUTDOWN, fd, 0, how, 0, 0);
    }

    /** A one-shot {@code POLL_ADD}: completes with the ready {@code poll(2)} events of {@code fd} among {@code events}. */
    public static SimpleOp poll(int fd, int events) {
        return new SimpleOp(Opcode.POLL_ADD, fd, 0, 0, 0, events);
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    protected void prepare(Sqe sqe) {
        sqe.prepRw(opcode, fd, addr, len, off).opFlags(opFlags);
    }

    @Override
    public String toString() {
        return Opcode.name(opcode) + "[fd=" + fd + ", " + Operation.stateName(state()) + "]";
    }
}

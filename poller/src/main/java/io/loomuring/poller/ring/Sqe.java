package io.loomuring.poller.ring;

import java.lang.foreign.MemorySegment;

import static io.loomuring.poller.kernel.SqeLayout.ADDR;
import static io.loomuring.poller.kernel.SqeLayout.ADDR3;
import static io.loomuring.poller.kernel.SqeLayout.BUF_INDEX;
import static io.loomuring.poller.kernel.SqeLayout.FD;
import static io.loomuring.poller.kernel.SqeLayout.FLAGS;
import static io.loomuring.poller.kernel.SqeLayout.IOPRIO;
import static io.loomuring.poller.kernel.SqeLayout.LEN;
import static io.loomuring.poller.kernel.SqeLayout.OFF;
import static io.loomuring.poller.kernel.SqeLayout.OPCODE;
import static io.loomuring.poller.kernel.SqeLayout.OP_FLAGS;
import static io.loomuring.poller.kernel.SqeLayout.SPLICE_FD_IN;
import static io.loomuring.poller.kernel.SqeLayout.USER_DATA;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A flyweight view of one submission queue entry in ring memory. There is one instance per ring,
 * moved from entry to entry by {@link SubmissionQueue#next()}; an operation's {@code prepare}
 * writes through it and must not keep it.
 *
 * <p>Threads: the ring thread only.
 */
public final class Sqe {
    private final MemorySegment sqes;   // the kernel-shared SQE array
    private long base;                  // byte offset of the current entry
    private int index;                  // index of the current entry

    Sqe(MemorySegment sqes) {
        this.sqes = sqes;
    }

    /** Points this view at entry {@code index}, zeroed. */
    Sqe at(int index) {
        this.index = index;
        base = (long) index * 64;
        return clear();
    }

    /** Zeroes the current entry: an all-zero SQE is a NOP with user_data 0. */
    public Sqe clear() {
        for (long o = 0; o < 64; o += 8) {
            sqes.set(JAVA_LONG, base + o, 0L);
        }
        return this;
    }

    /**
     * The common shape of almost every opcode, as liburing's {@code io_uring_prep_rw}: opcode,
     * fd, address, length and offset.
     */
    public Sqe prepRw(int opcode, int fd, long addr, int len, long offset) {
        sqes.set(JAVA_BYTE, base + OPCODE, (byte) opcode);
        sqes.set(JAVA_INT, base + FD, fd);
        sqes.set(JAVA_LONG, base + OFF, offset);
        sqes.set(JAVA_LONG, base + ADDR, addr);
        sqes.set(JAVA_INT, base + LEN, len);
        return this;
    }

    public Sqe opcode(int opcode) { sqes.set(JAVA_BYTE, base + OPCODE, (byte) opcode); return this; }
    public Sqe flags(int iosqeFlags) { sqes.set(JAVA_BYTE, base + FLAGS, (byte) iosqeFlags); return this; }
    public Sqe ioprio(int prio) { sqes.set(JAVA_SHORT, base + IOPRIO, (short) prio); return this; }
    public Sqe fd(int fd) { sqes.set(JAVA_INT, base + FD, fd); return this; }
    public Sqe off(long off) { sqes.set(JAVA_LONG, base + OFF, off); return this; }
    public Sqe addr(long addr) { sqes.set(JAVA_LONG, base + ADDR, addr); return this; }
    public Sqe len(int len) { sqes.set(JAVA_INT, base + LEN, len); return this; }
    /** The per-opcode flags word: rw_flags, msg_flags, cancel_flags, open_flags, ... */
    public Sqe opFlags(int flags) { sqes.set(JAVA_INT, base + OP_FLAGS, flags); return this; }
    public Sqe userData(long ud) { sqes.set(JAVA_LONG, base + USER_DATA, ud); return this; }
    public Sqe bufIndex(int idx) { sqes.set(JAVA_SHORT, base + BUF_INDEX, (short) idx); return this; }
    public Sqe spliceFdIn(int v) { sqes.set(JAVA_INT, base + SPLICE_FD_IN, v); return this; }
    public Sqe addr3(long v) { sqes.set(JAVA_LONG, base + ADDR3, v); return this; }

    /** The index of the entry this view points at (unique among unsubmitted entries). */
    public int index() { return index; }

    public int flags() { return sqes.get(JAVA_BYTE, base + FLAGS) & 0xff; }
    public long userData() { return sqes.get(JAVA_LONG, base + USER_DATA); }
}

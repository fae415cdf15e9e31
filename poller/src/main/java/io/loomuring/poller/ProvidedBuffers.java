package io.loomuring.poller;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.loomuring.poller.kernel.RegisterOp;
import io.loomuring.poller.ring.Ring;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.Syscalls;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A provided buffer ring ({@code IORING_REGISTER_PBUF_RING}, Linux 5.19): buffers the kernel takes
 * only when data arrives for a receive submitted with {@code IOSQE_BUFFER_SELECT}. A connection
 * whose reader waits on an idle peer therefore holds no buffer: 50,000 idle readers cost nothing
 * here, however long the peers stay silent.
 *
 * <h2>Ownership</h2>
 * A buffer is the kernel's while it sits in the ring; the CQE that names it (its id in the upper
 * 16 bits of the flags) hands it to the receiving operation's waiter, who copies the data out and
 * calls {@link #release}. Released ids queue up; the ring thread, the only writer of the ring's
 * tail, puts them back in {@link #replenish}. The queue is an array of {@code count} slots: a
 * release takes the next slot number (one atomic add) and stores {@code bid + 1} there; the ring
 * thread takes slots in order until it meets an empty one (a release that took its number but has
 * not stored yet is taken next time, and the ids behind it with it), emptying each. No buffer is
 * released twice without being provided again in between, so at most {@code count} ids wait and a
 * slot is always empty when its number comes round again. Nothing is allocated per release. The
 * ring's tail is published with a release store so the kernel sees each entry complete before it
 * sees the new tail.
 *
 * <p>Threads: {@link #replenish} on the ring thread; {@link #segment} and {@link #release} on the
 * thread that received a buffer.
 */
public final class ProvidedBuffers {
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.varHandle();

    private final MemorySegment ring;      // kernel-shared: entries, and the tail in entry 0
    private final MemorySegment memory;    // the buffers themselves
    private final int count;
    private final int size;
    private final int group;
    private final AtomicIntegerArray returned;   // released ids + 1, 0: empty (see Ownership)
    private final AtomicInteger returnedTail = new AtomicInteger(); // any thread: next slot number to take
    private int returnedHead;              // ring thread only: next slot to read
    private int tail;                      // ring thread only: next entry to fill

    private ProvidedBuffers(MemorySegment ring, MemorySegment memory, int count, int size, int group) {
        this.ring = ring;
        this.memory = memory;
        this.count = count;
        this.size = size;
        this.group = group;
        this.returned = new AtomicIntegerArray(count);
    }

    /**
     * Registers {@code count} (a power of two) buffers of {@code size} bytes as group
     * {@code group} of {@code r}, allocated in {@code arena}; null when the kernel refuses (before
     * 5.19). Ring thread.
     */
    static ProvidedBuffers register(Ring r, Arena arena, CallState st, int count, int size, int group) {
        MemorySegment ringMem = arena.allocate(RegisterOp.BUF_SIZE * count, 4096);
        MemorySegment reg = arena.allocate(RegisterOp.BUF_REG_SIZE, 8);
        reg.set(JAVA_LONG, RegisterOp.BUF_REG_RING_ADDR, ringMem.address());
        reg.set(JAVA_INT, RegisterOp.BUF_REG_RING_ENTRIES, count);
        reg.set(JAVA_SHORT, RegisterOp.BUF_REG_BGID, (short) group);
        int res = Syscalls.ioUringRegister(st, r.fd(), RegisterOp.REGISTER_PBUF_RING, reg, 1);
        if (res < 0) {
            return null;
        }
        ProvidedBuffers b = new ProvidedBuffers(ringMem, arena.allocate((long) count * size, 4096), count, size, group);
        for (int i = 0; i < count; i++) {
            b.add(i);
        }
        b.publish();
        return b;
    }

    /**
     * A buffer ring no kernel knows: the same memory layout and recycling, for driving the
     * protocol with a test actor in the kernel's place (the jcstress tests). Every buffer starts in
     * the ring.
     */
    public static ProvidedBuffers unregistered(Arena arena, int count, int size, int group) {
        ProvidedBuffers b = new ProvidedBuffers(arena.allocate(RegisterOp.BUF_SIZE * count, 4096),
                arena.allocate((long) count * size, 4096), count, size, group);
        for (int i = 0; i < count; i++) {
            b.add(i);
        }
        b.publish();
        return b;
    }

    /** The ring's memory as the kernel reads it: {@code struct io_uring_buf} entries, tail in entry 0. */
    public MemorySegment ring() {
        return ring;
    }

    /** The buffers' memory. */
    public MemorySegment memory() {
        return memory;
    }

    private void add(int bid) {
        long e = RegisterOp.BUF_SIZE * (tail & (count - 1));
        // Entry 0's last two bytes are the tail: write the fields one by one, never the whole entry.
        ring.set(JAVA_LONG, e + RegisterOp.BUF_ADDR, memory.address() + (long) bid * size);
        ring.set(JAVA_INT, e + RegisterOp.BUF_LEN, size);
        ring.set(JAVA_SHORT, e + RegisterOp.BUF_BID, (short) bid);
        tail++;
    }

    private void publish() {
        SHORT.setRelease(ring, RegisterOp.BUF_RING_TAIL, (short) tail);
    }

    /** Puts released buffers back in the ring. Ring thread. */
    public void replenish() {
        boolean any = false;
        for (int slot = returnedHead & (count - 1), v; (v = returned.getAcquire(slot)) != 0; slot = returnedHead & (count - 1)) {
            returned.set(slot, 0); // before the id goes back: a release that reuses this slot comes after that
            returnedHead++;
            add(v - 1);
            any = true;
        }
        if (any) {
            publish();
        }
    }

    /** The group id to put in {@code sqe->buf_group}. */
    public int group() {
        return group;
    }

    /** Each buffer's size. */
    public int bufferSize() {
        return size;
    }

    /** The memory of buffer {@code bid}, as the CQE that handed it over named it. */
    public MemorySegment segment(int bid) {
        return memory.asSlice((long) bid * size, size);
    }

    /** Gives buffer {@code bid} back; the ring thread re-provides it at its next turn. */
    public void release(int bid) {
        returned.setRelease(returnedTail.getAndIncrement() & (count - 1), bid + 1);
    }
}

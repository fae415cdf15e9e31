package io.loomuring.poller;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.loomuring.poller.kernel.RegisterOp;
import io.loomuring.poller.ring.Ring;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.Syscalls;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A ring's table of fixed files ({@code IORING_REGISTER_FILES}, registered empty: every entry -1)
 * and which of its slots are lent. A chain that opens a file and then reads it in the same
 * submission cannot name an fd it does not know yet: its {@code openat} installs the file in a slot
 * ({@code file_index}), the later steps use the slot ({@code IOSQE_FIXED_FILE}) and the last one
 * closes it. The slot is lent to the operation from its first SQE to its last CQE.
 *
 * <p>Threads: the ring's owner only.
 */
final class FileSlots {
    private final int[] free;
    private int freeTop;

    private FileSlots(int count) {
        free = new int[count];
        for (int i = 0; i < count; i++) {
            free[i] = count - 1 - i;
        }
        freeTop = count;
    }

    /** Registers an empty table of {@code count} slots with {@code ring}; null when the kernel refuses. */
    static FileSlots register(Ring ring, int count) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(4L * count, 4);
            for (int i = 0; i < count; i++) {
                fds.setAtIndex(JAVA_INT, i, -1);
            }
            int r = Syscalls.ioUringRegister(new CallState(a), ring.fd(), RegisterOp.REGISTER_FILES, fds, count);
            return r < 0 ? null : new FileSlots(count);
        }
    }

    /** A free slot, now lent; -1 when every slot is lent. */
    int take() {
        return freeTop == 0 ? -1 : free[--freeTop];
    }

    /** Gives back a slot {@link #take} lent. */
    void give(int slot) {
        free[freeTop++] = slot;
    }
}

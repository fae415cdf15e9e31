package io.loomuring.poller;

/**
 * The operations in flight on one ring, indexed by slot; each slot carries a generation that
 * changes every time the slot is freed, so that {@link #lookup} of a stale {@code user_data}
 * answers null instead of a newer operation. Its capacity bounds the operations in flight, which
 * keeps completions within the CQ.
 *
 * <p>Threads: the ring thread only.
 */
public final class SlotTable {
    private final Operation[] ops;
    private final int[] generations;
    private final int[] free;          // stack of free slot indexes
    private int freeTop;               // number of free slots

    public SlotTable(int capacity) {
        ops = new Operation[capacity];
        generations = new int[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        freeTop = capacity;
    }

    public boolean isFull() {
        return freeTop == 0;
    }

    public int inFlight() {
        return ops.length - freeTop;
    }

    public int capacity() {
        return ops.length;
    }

    /** Puts {@code op} into a free slot and returns its {@code user_data}. */
    public long acquire(Operation op) {
        if (freeTop == 0) {
            throw new IllegalStateException("slot table full");
        }
        int slot = free[--freeTop];
        ops[slot] = op;
        op.slot = slot;
        return UserData.of(slot, generations[slot]);
    }

    /** The operation {@code userData} names, or null when its slot has moved on (stale). */
    public Operation lookup(long userData) {
        int slot = UserData.slot(userData);
        if (slot < 0 || slot >= ops.length) {
            return null;
        }
        Operation op = ops[slot];
        return op != null && generations[slot] == UserData.generation(userData) ? op : null;
    }

    /** Frees {@code op}'s slot and moves the slot to its next generation. */
    public void release(Operation op) {
        int slot = op.slot;
        if (slot < 0 || ops[slot] != op) {
            throw new AssertionError("release of an operation not in the table: " + op);
        }
        ops[slot] = null;
        generations[slot] = (generations[slot] + 1) & 0x7fff_ffff;
        op.slot = -1;
        free[freeTop++] = slot;
    }

    /** Calls {@code action} for each operation in flight (ring thread, e.g. at shutdown). */
    public void forEach(java.util.function.Consumer<Operation> action) {
        for (Operation op : ops) {
            if (op != null) {
                action.accept(op);
            }
        }
    }
}

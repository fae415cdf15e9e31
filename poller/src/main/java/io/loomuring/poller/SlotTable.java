package io.loomuring.poller;

/**
 * The operations in flight on one ring, indexed by slot; each slot carries a generation that
 * changes every time the slot is freed, so that {@link #lookup} of a stale {@code user_data}
 * answers null instead of a newer operation. The table starts at {@code initial} slots and doubles
 * up to {@code max}; {@code max} bounds the operations in flight (the CQ size on kernels that would
 * drop completions beyond it, far more where the kernel keeps them: {@code IORING_FEAT_NODROP}).
 *
 * <p>Threads: the ring thread only.
 */
public final class SlotTable {
    private final int max;
    private Operation[] ops;
    private int[] generations;
    private int[] free;                // stack of free slot indexes
    private int freeTop;               // number of free slots

    /** A table of fixed capacity. */
    public SlotTable(int capacity) {
        this(capacity, capacity);
    }

    public SlotTable(int initial, int max) {
        this.max = Math.max(initial, max);
        ops = new Operation[initial];
        generations = new int[initial];
        free = new int[initial];
        for (int i = 0; i < initial; i++) {
            free[i] = initial - 1 - i;
        }
        freeTop = initial;
    }

    /** Whether no slot is free and the table may not grow. */
    public boolean isFull() {
        return freeTop == 0 && ops.length >= max;
    }

    private void grow() {
        int old = ops.length;
        int n = (int) Math.min(max, 2L * old);
        ops = java.util.Arrays.copyOf(ops, n);
        generations = java.util.Arrays.copyOf(generations, n);
        int[] f = new int[n];
        for (int i = 0; i < n - old; i++) {
            f[i] = n - 1 - i;
        }
        free = f;
        freeTop = n - old;
    }

    public int inFlight() {
        return ops.length - freeTop;
    }

    /** The most operations the table holds (after growing). */
    public int capacity() {
        return max;
    }

    /** Puts {@code op} into a free slot and returns its {@code user_data}. */
    public long acquire(Operation op) {
        if (freeTop == 0) {
            if (ops.length >= max) {
                throw new IllegalStateException("slot table full");
            }
            grow();
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

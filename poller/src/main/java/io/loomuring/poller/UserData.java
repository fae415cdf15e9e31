package io.loomuring.poller;

/**
 * Packing of {@code user_data}: slot index (bits 0–29), the step of a linked chain (bits 30–31:
 * which of an operation's SQEs the CQE answers) and generation (bits 32–62) for operations; bit 63
 * set for the poller's own internal submissions. A slot is reused with a new generation, so a late
 * CQE can never be taken for a newer operation in the same slot.
 */
public final class UserData {
    private UserData() {}

    private static final long INTERNAL = 1L << 63;
    private static final int SLOT_MASK = (1 << 30) - 1;
    private static final long STEP_MASK = 3L << 30;
    /** The most SQEs one operation may write (two bits of step). */
    public static final int MAX_STEPS = 4;
    /** The armed eventfd read that wakes a sleeping ring thread. */
    public static final long WAKE = INTERNAL | 1;
    /** Cancel requests issued by the poller itself; their CQEs carry nothing to deliver. */
    public static final long CANCEL = INTERNAL | 2;
    /** The LINK_TIMEOUT SQE linked behind an operation; its own CQE carries nothing to deliver. */
    public static final long LINK_TIMEOUT = INTERNAL | 4;
    /** An SQE whose operation failed during prepare, turned into a NOP. */
    public static final long DISCARDED = INTERNAL | 3;

    public static long of(int slot, int generation) {
        return ((long) (generation & 0x7fff_ffff) << 32) | (slot & SLOT_MASK);
    }

    /** The slot; slots stay below 2^30 ({@code RingOwner}'s bound on operations in flight is 2^20). */
    public static int slot(long userData) {
        return (int) userData & SLOT_MASK;
    }

    /** {@code userData} for step {@code step} (0–3) of a chained operation. */
    public static long withStep(long userData, int step) {
        return (userData & ~STEP_MASK) | ((long) step << 30);
    }

    /** Which SQE of its operation a CQE answers: 0 for a single SQE. */
    public static int step(long userData) {
        return (int) (userData >>> 30) & 3;
    }

    public static int generation(long userData) {
        return (int) (userData >>> 32) & 0x7fff_ffff;
    }

    public static boolean internal(long userData) {
        return userData < 0;
    }
}

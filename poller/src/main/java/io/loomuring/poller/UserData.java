package io.loomuring.poller;

/**
 * Packing of {@code user_data}: slot index (bits 0–31) and generation (bits 32–62) for operations;
 * bit 63 set for the poller's own internal submissions. A slot is reused with a new generation, so
 * a late CQE can never be taken for a newer operation in the same slot.
 */
public final class UserData {
    private UserData() {}

    private static final long INTERNAL = 1L << 63;
    /** The armed eventfd read that wakes a sleeping ring thread. */
    public static final long WAKE = INTERNAL | 1;
    /** Cancel requests issued by the poller itself; their CQEs carry nothing to deliver. */
    public static final long CANCEL = INTERNAL | 2;
    /** The LINK_TIMEOUT SQE linked behind an operation; its own CQE carries nothing to deliver. */
    public static final long LINK_TIMEOUT = INTERNAL | 4;
    /** An SQE whose operation failed during prepare, turned into a NOP. */
    public static final long DISCARDED = INTERNAL | 3;

    public static long of(int slot, int generation) {
        return ((long) (generation & 0x7fff_ffff) << 32) | (slot & 0xffff_ffffL);
    }

    public static int slot(long userData) {
        return (int) userData;
    }

    public static int generation(long userData) {
        return (int) (userData >>> 32) & 0x7fff_ffff;
    }

    public static boolean internal(long userData) {
        return userData < 0;
    }
}

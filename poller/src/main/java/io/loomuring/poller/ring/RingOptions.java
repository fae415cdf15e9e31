package io.loomuring.poller.ring;

/**
 * How to create a ring.
 *
 * @param sqEntries      submission queue size (rounded up to a power of two by the kernel)
 * @param cqEntries      completion queue size; at least 4× the SQ so that a burst of completions
 *                       does not overflow (0 means 4× {@code sqEntries})
 * @param preferredFlags the setup flags tried first; when the kernel refuses them with EINVAL,
 *                       {@link RingSetup} falls back to cooperative task running, then to none
 * @param registerRingFd register the ring fd ({@code IORING_REGISTER_RING_FDS}) so each
 *                       {@code io_uring_enter} skips the fd table look-up
 */
public record RingOptions(int sqEntries, int cqEntries, int preferredFlags, boolean registerRingFd) {

    /** The default: 256 SQ entries, 4× CQ, {@link RingSetup#PREFERRED} flags, registered fd. */
    public static RingOptions defaults() {
        return new RingOptions(256, 0, RingSetup.PREFERRED, true);
    }

    public RingOptions {
        if (sqEntries < 1 || sqEntries > 32768) {
            throw new IllegalArgumentException("sqEntries must be in [1, 32768]: " + sqEntries);
        }
        if (cqEntries == 0) {
            cqEntries = 4 * Integer.highestOneBit(sqEntries * 2 - 1);
        }
        if (cqEntries < sqEntries) {
            throw new IllegalArgumentException("cqEntries (" + cqEntries + ") < sqEntries (" + sqEntries + ")");
        }
    }

    RingOptions withSqEntries(int n) { // tests
        return new RingOptions(n, 0, preferredFlags, registerRingFd);
    }

    /** These options with {@code flags} tried first. */
    public RingOptions withFlags(int flags) {
        return new RingOptions(sqEntries, cqEntries, flags, registerRingFd);
    }
}

package io.loomuring.bench.soak;

import java.util.SplittableRandom;

/** The soak's payloads, the same bytes on both sides from a seed, so every transfer is checked. */
final class SoakData {
    private SoakData() {}

    static final int SMALL = 1024;
    static final int BIG = 4 << 20;
    static final byte[] SMALL_FILE = bytes(1, SMALL);
    static final byte[] BIG_FILE = bytes(2, BIG);

    static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}

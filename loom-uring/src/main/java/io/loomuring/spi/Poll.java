package io.loomuring.spi;

/** {@code poll(2)} event bits (asm-generic/poll.h), as {@link SelectorRing} and compat's channels use them. */
public final class Poll {
    private Poll() {}

    public static final int POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;
}

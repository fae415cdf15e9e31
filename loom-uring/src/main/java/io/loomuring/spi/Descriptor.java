package io.loomuring.spi;

/**
 * A view of one loom-uring descriptor for compat: its number, and its close protocol: a call that
 * hands the number to the kernel enters with {@link #begin()} and leaves with {@link #end()}, so
 * that a concurrent close cannot give the number to another file in between.
 *
 * <p>Threads: any.
 */
public interface Descriptor {
    /** The descriptor number; meaningful only between {@link #begin()} and {@link #end()}. */
    int fd();

    /** Enters the descriptor: false when it is closing (then do not use {@link #fd()}). */
    boolean begin();

    /** Leaves it; the last one out of a closing descriptor closes it. */
    void end();

    /** Whether a close has begun. */
    boolean isClosing();
}

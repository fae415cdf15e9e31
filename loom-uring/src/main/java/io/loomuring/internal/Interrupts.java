package io.loomuring.internal;

/**
 * What an interrupt does to a thread blocked in an operation on one descriptor: the machinery's own
 * copy of the public {@code io.loomuring.InterruptPolicy}, which the backends translate by name
 * (so that this package does not depend on the API's): {@code Interrupts.valueOf(policy.name())}.
 */
public enum Interrupts {
    /** Cancel, close, throw — on any thread. */
    CLOSE,
    /** {@link #CLOSE} on a virtual thread; ignored on a platform thread. */
    CLOSE_ON_VIRTUAL_THREADS,
    /** Never acted on. */
    IGNORE;

    /** Whether an interrupt of {@code t} cancels its operation. */
    public boolean actsOn(Thread t) {
        return this == CLOSE || (this == CLOSE_ON_VIRTUAL_THREADS && t.isVirtual());
    }
}

package io.loomuring.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The close protocol of a descriptor as one atomic word: bit 30 is "closing", the low bits count
 * the operations inside. The word reaches exactly "closing, none inside" once, and whoever takes it
 * there is told to close the descriptor: {@link #close} when nothing was inside, else the
 * {@link #exit} of the last operation to leave. {@link FdHandle} puts the fd and the ring around
 * it; it is public so that the protocol can be driven on its own (the jcstress tests).
 *
 * <p>Threads: any.
 */
public final class CloseGate {
    private static final int CLOSING = 1 << 30;

    /** What {@link #close} asks of its caller. */
    public enum CloseAction {
        /** Close was already under way: nothing to do. */
        NONE,
        /** Nothing is inside: close the descriptor now. */
        CLOSE_NOW,
        /** Operations are inside: cancel them; the last to {@link #exit} closes the descriptor. */
        CANCEL_INSIDE
    }

    private final AtomicInteger state = new AtomicInteger(); // CLOSING | operations inside

    /** Whether close has begun. */
    public boolean isClosing() {
        return (state.get() & CLOSING) != 0;
    }

    /** Enters an operation; false when closing. */
    public boolean enter() {
        int s;
        do {
            s = state.get();
            if ((s & CLOSING) != 0) {
                return false;
            }
        } while (!state.compareAndSet(s, s + 1));
        return true;
    }

    /** Leaves an operation; true when the caller is the last out after a close and must close the descriptor. */
    public boolean exit() {
        return state.decrementAndGet() == CLOSING;
    }

    /** Begins the close; see {@link CloseAction}. */
    public CloseAction close() {
        int s;
        do {
            s = state.get();
            if ((s & CLOSING) != 0) {
                return CloseAction.NONE;
            }
        } while (!state.compareAndSet(s, s | CLOSING));
        return s == 0 ? CloseAction.CLOSE_NOW : CloseAction.CANCEL_INSIDE;
    }
}

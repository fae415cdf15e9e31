package io.loomuring.backend.uring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.loomuring.internal.FdHandle;
import io.loomuring.internal.op.SocketOp;

/**
 * The one completed {@link SocketOp} a socket keeps for its next receive (or send), so that a
 * connection's round trip makes no operation objects: whoever reads {@link #take takes} it (two
 * threads reading at once: the second makes a new one) and {@link #keep keeps} its operation
 * after the result is read and its memory released. An operation is kept only while the socket is
 * not closing: a cancel by the operation is posted only on a closing socket (an interrupt closes
 * it), and such a cancel, still on its way to the ring, must never meet the operation's next
 * submission. Any thread.
 */
final class SpareOp {
    private static final VarHandle OP;

    static {
        try {
            OP = MethodHandles.lookup().findVarHandle(SpareOp.class, "op", SocketOp.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through OP
    private SocketOp op;

    /** The kept operation, now the caller's, or null. */
    SocketOp take() {
        return (SocketOp) OP.getAndSet(this, (SocketOp) null);
    }

    /**
     * Keeps {@code done} — completed, result read, memory released — for the next call when
     * {@code h} is not closing and the operation can be {@link SocketOp#recycle recycled}; else
     * drops it.
     */
    void keep(SocketOp done, FdHandle h) {
        if (!h.isClosing() && done.recycle()) {
            OP.setRelease(this, done);
        }
    }
}

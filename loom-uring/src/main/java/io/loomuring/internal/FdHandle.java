package io.loomuring.internal;

import io.loomuring.internal.op.CloseOp;
import io.loomuring.poller.Poller;
import io.loomuring.poller.PollerClosedException;
import io.loomuring.poller.kernel.Errno;

/**
 * An open descriptor and the operations using it. {@code close(2)} neither cancels in-flight
 * io_uring operations nor keeps the fd number from being reused at once, so closing is done in
 * steps, as the JDK's {@code NioSocketImpl} does:
 * <ol>
 *   <li>pre-close: set the closing bit, so no new operation begins;</li>
 *   <li>cancel every in-flight operation on the fd ({@code IORING_ASYNC_CANCEL_FD | ALL}). An
 *       operation handed to the ring after that cancel is caught by its own thread, which checks
 *       the closing bit after submitting and cancels it by {@code user_data} (see
 *       {@link Blocking#run});</li>
 *   <li>the last operation to leave ({@link #end}) — or {@link #close} itself when none is inside —
 *       closes the fd, through the ring. A reused fd number can therefore never receive an old
 *       operation's data.</li>
 * </ol>
 *
 * <p>The whole protocol is one atomic word, a {@link CloseGate}: whoever takes it to exactly
 * "closing, none inside" closes the fd, once.
 *
 * <p>Threads: any.
 */
public final class FdHandle {
    private final int fd;
    private final Poller poller;                           // the ring that owns every operation on this fd
    private final CloseGate gate = new CloseGate();
    private volatile boolean fdClosed;                     // written once, by the thread that closed the fd

    public FdHandle(int fd, Poller poller) {
        this.fd = fd;
        this.poller = poller;
    }

    public int fd() {
        return fd;
    }

    public Poller poller() {
        return poller;
    }

    /** Whether close has begun. */
    public boolean isClosing() {
        return gate.isClosing();
    }

    /** Enters an operation; false when the descriptor is closed or closing. */
    public boolean begin() {
        return gate.enter();
    }

    /** Leaves an operation; the last one out after a close closes the fd. */
    public void end() {
        if (gate.exit()) {
            closeFd();
        }
    }

    /**
     * Closes the descriptor: at once when no operation is inside, otherwise by the last one to
     * leave after every in-flight one has been cancelled. Returns true for the call that started
     * the close; later calls return false and do nothing.
     */
    public boolean close() {
        switch (gate.close()) {
            case NONE -> {
                return false;
            }
            case CLOSE_NOW -> closeFd();
            case CANCEL_INSIDE -> poller.cancelAll(fd);
        }
        return true;
    }

    private void closeFd() {
        int r;
        try {
            r = poller.execute(new CloseOp(fd));
        } catch (PollerClosedException e) {
            r = LibC.close(fd);
        }
        fdClosed = true;
        if (r < 0 && r != -Errno.EINTR) {
            System.getLogger("io.loomuring").log(System.Logger.Level.WARNING,
                    "close(" + fd + ") failed: " + Errors.describe(r));
        }
    }

    /** Whether the fd itself has been closed (all operations done). */
    public boolean isFdClosed() {
        return fdClosed;
    }

    @Override
    public String toString() {
        return "fd " + fd + (isClosing() ? " (closed)" : "");
    }
}

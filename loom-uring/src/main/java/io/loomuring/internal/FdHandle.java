package io.loomuring.internal;

import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>The whole protocol is one atomic word: bit 30 is "closing", the low bits count the
 * operations inside. The transition to exactly "closing, 0 inside" happens once, and whoever
 * makes it closes the fd.
 *
 * <p>Threads: any.
 */
public final class FdHandle {
    private static final int CLOSING = 1 << 30;

    private final int fd;
    private final Poller poller;                           // the ring that owns every operation on this fd
    private final AtomicInteger state = new AtomicInteger(); // CLOSING | operations inside
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
        return (state.get() & CLOSING) != 0;
    }

    /** Enters an operation; false when the descriptor is closed or closing. */
    public boolean begin() {
        int s;
        do {
            s = state.get();
            if ((s & CLOSING) != 0) {
                return false;
            }
        } while (!state.compareAndSet(s, s + 1));
        return true;
    }

    /** Leaves an operation; the last one out after a close closes the fd. */
    public void end() {
        if (state.decrementAndGet() == CLOSING) {
            closeFd();
        }
    }

    /**
     * Closes the descriptor: at once when no operation is inside, otherwise by the last one to
     * leave after every in-flight one has been cancelled. Returns true for the call that started
     * the close; later calls return false and do nothing.
     */
    public boolean close() {
        int s;
        do {
            s = state.get();
            if ((s & CLOSING) != 0) {
                return false;
            }
        } while (!state.compareAndSet(s, s | CLOSING));
        if (s == 0) {
            closeFd();
        } else {
            poller.cancelAll(fd);
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

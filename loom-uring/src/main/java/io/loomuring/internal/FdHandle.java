package io.loomuring.internal;

import java.util.ArrayList;
import java.util.concurrent.locks.LockSupport;

import io.loomuring.poller.Poller;
import io.loomuring.poller.PollerClosedException;
import io.loomuring.poller.kernel.Errno;

/**
 * An open descriptor and the threads using it. {@code close(2)} neither cancels in-flight io_uring
 * operations nor keeps the fd number from being reused at once, so closing is done in steps, as
 * the JDK's {@code NioSocketImpl} does:
 * <ol>
 *   <li>pre-close: mark closing, so no new operation begins;</li>
 *   <li>cancel every in-flight operation on the fd ({@code IORING_ASYNC_CANCEL_FD | ALL}) and
 *       unpark their threads, which also cancel their own operation by {@code user_data} (this
 *       reaches one still queued behind the fd cancel);</li>
 *   <li>the last thread to leave ({@link #end}) — or {@link #close} itself when none is inside —
 *       closes the fd, through the ring. A reused fd number can therefore never receive an old
 *       operation's data.</li>
 * </ol>
 *
 * <p>Threads: any. {@code lock} guards {@code users}, {@code waiters} and {@code fdClosed}.
 */
public final class FdHandle {
    private final int fd;
    private final Poller poller;           // the ring that owns every operation on this fd
    private final Object lock = new Object();
    private final ArrayList<Thread> waiters = new ArrayList<>(2); // lock held: threads inside begin/end
    private volatile boolean closing;      // written once, lock held
    private boolean fdClosed;              // lock held

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

    /** Whether close has begun (volatile read). */
    public boolean isClosing() {
        return closing;
    }

    /** Enters an operation; false when the descriptor is closed or closing. */
    public boolean begin() {
        synchronized (lock) {
            if (closing) {
                return false;
            }
            waiters.add(Thread.currentThread());
            return true;
        }
    }

    /** Leaves an operation; the last one out after a close closes the fd. */
    public void end() {
        boolean closeNow;
        synchronized (lock) {
            waiters.remove(Thread.currentThread());
            closeNow = closing && waiters.isEmpty() && !fdClosed;
            if (closeNow) {
                fdClosed = true;
            }
        }
        if (closeNow) {
            closeFd();
        }
    }

    /**
     * Closes the descriptor: at once when no operation is inside, otherwise by the last one to
     * leave after every in-flight one has been cancelled. Returns true for the call that started
     * the close; later calls return false and do nothing.
     */
    public boolean close() {
        Thread[] inside;
        boolean closeNow;
        synchronized (lock) {
            if (closing) {
                return false;
            }
            closing = true;
            inside = waiters.toArray(Thread[]::new);
            closeNow = inside.length == 0;
            if (closeNow) {
                fdClosed = true;
            }
        }
        if (closeNow) {
            closeFd();
        } else {
            poller.cancelAll(fd);
            for (Thread t : inside) {
                LockSupport.unpark(t);
            }
        }
        return true;
    }

    private void closeFd() {
        int r;
        try {
            r = poller.execute(new io.loomuring.internal.op.CloseOp(fd));
        } catch (PollerClosedException e) {
            r = LibC.close(fd);
        }
        if (r < 0 && r != -Errno.EINTR) {
            System.getLogger("io.loomuring").log(System.Logger.Level.WARNING,
                    "close(" + fd + ") failed: " + Errors.describe(r));
        }
    }

    /** Whether the fd itself has been closed (all operations done). */
    public boolean isFdClosed() {
        synchronized (lock) {
            return fdClosed;
        }
    }

    @Override
    public String toString() {
        return "fd " + fd + (closing ? " (closed)" : "");
    }
}

package io.loomuring.internal;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.InterruptedByTimeoutException;

/**
 * Which JDK family of exceptions a blocking call throws when its descriptor is closed, closed
 * under it, interrupted or timed out: {@code java.nio.channels} style or {@code java.net.Socket}
 * style (as {@code Socket} behaves on a virtual thread).
 */
public enum Style {
    CHANNEL {
        @Override public IOException closed() { return new ClosedChannelException(); }
        @Override public IOException asyncClosed() { return new AsynchronousCloseException(); }
        @Override public IOException interrupted() { return new ClosedByInterruptException(); }
        @Override public IOException timedOut(String what) {
            IOException e = new IOException(what + " timed out");
            e.initCause(new InterruptedByTimeoutException());
            return e;
        }
    },
    SOCKET {
        @Override public IOException closed() { return new SocketException("Socket closed"); }
        @Override public IOException asyncClosed() { return new SocketException("Socket closed"); }
        @Override public IOException interrupted() { return new SocketException("Closed by interrupt"); }
        @Override public IOException timedOut(String what) { return new SocketTimeoutException(what + " timed out"); }
    };

    /** The descriptor was closed before the call. */
    public abstract IOException closed();

    /** Another thread closed the descriptor while the call was blocked. */
    public abstract IOException asyncClosed();

    /** The calling thread was interrupted; the descriptor has been closed. */
    public abstract IOException interrupted();

    /** The call's timeout passed; the descriptor stays usable. */
    public abstract IOException timedOut(String what);
}

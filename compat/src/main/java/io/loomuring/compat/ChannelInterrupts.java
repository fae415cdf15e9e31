package io.loomuring.compat;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedByInterruptException;

/**
 * Interrupts as {@link java.nio.channels.InterruptibleChannel}s report them. loom-uring's socket
 * acts on the interrupt itself (cancels, closes, throws {@code SocketException("Closed by
 * interrupt")}), and may do so before the channel's own interrupt hook has marked the channel —
 * then {@code end} would let the socket's exception through. A channel's blocking call passes what
 * it catches through {@link #translate}, so that it always throws
 * {@link ClosedByInterruptException} with the channel closed, on any kind of thread.
 *
 * <p>Threads: the thread of the failed call.
 */
final class ChannelInterrupts {
    private ChannelInterrupts() {}

    /** {@code e}, or a {@link ClosedByInterruptException} (and {@code ch} closed) when {@code e} came from an interrupt. */
    static IOException translate(IOException e, Channel ch) {
        boolean byInterrupt = e instanceof ClosedByInterruptException
                || (e instanceof SocketException && "Closed by interrupt".equals(e.getMessage()));
        if (!byInterrupt || !Thread.currentThread().isInterrupted()) {
            return e;
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // the socket underneath is closed already; the channel's state is what matters
        }
        ClosedByInterruptException c = new ClosedByInterruptException();
        c.initCause(e);
        return c;
    }
}

package io.loomuring.compat;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedByInterruptException;

/**
 * Interrupts as {@link java.nio.channels.InterruptibleChannel}s report them. The channel's own
 * interrupt hook (installed by {@code begin}, run by {@code Thread.interrupt}) is the one actor: it
 * marks the interrupted thread and closes the channel, whose close cancels the blocked operation,
 * and {@code end} then throws {@link ClosedByInterruptException}. For that, compat's channels set
 * their sockets' and pipes' policy to {@link io.loomuring.InterruptPolicy#IGNORE}: a socket that
 * acted on the interrupt itself woke a platform thread before the hook had run
 * ({@code Thread.interrupt} unparks first, then runs the hook), and the call then threw
 * {@code AsynchronousCloseException} or left the channel open, depending on who closed first.
 *
 * <p>{@link #translate} remains for a call whose other party acts on interrupts by itself (a
 * loom-uring file in {@code transferTo}/{@code transferFrom}).
 *
 * <p>Threads: the thread of the failed call.
 */
final class ChannelInterrupts {
    private ChannelInterrupts() {}

    /** {@code e}, or a {@link ClosedByInterruptException} when {@code e} came from an interrupt. */
    static IOException translate(IOException e) {
        boolean byInterrupt = e instanceof ClosedByInterruptException
                || (e instanceof SocketException && "Closed by interrupt".equals(e.getMessage()));
        if (!byInterrupt || !Thread.currentThread().isInterrupted()) {
            return e;
        }
        ClosedByInterruptException c = new ClosedByInterruptException();
        c.initCause(e);
        return c;
    }
}

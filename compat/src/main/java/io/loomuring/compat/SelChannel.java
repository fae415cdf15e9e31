package io.loomuring.compat;

import java.nio.channels.SelectionKey;

import io.loomuring.spi.Descriptor;
import io.loomuring.spi.NonBlockingMode;
import io.loomuring.spi.Poll;

/**
 * A compat channel that a {@link UringSelector} can poll: its descriptor, and the JDK's
 * translation between selection-key operations and {@code poll(2)} events.
 *
 * <p>Threads: any.
 */
interface SelChannel {
    /** The descriptor's non-blocking side; null when the channel runs on the JDK backend. */
    NonBlockingMode mode();

    /**
     * What {@code poll(2)} reports for the channel's socket before it exists (an unbound server or
     * datagram channel, whose socket compat makes at bind): the JDK's channel has an unbound socket
     * from the start, and polls it — a TCP socket not listening reports {@code POLLHUP}, an unbound
     * UDP socket {@code POLLOUT}. 0 for channels that always have their descriptor.
     */
    default int eventsBeforeSocket() {
        return 0;
    }

    /** The {@code poll(2)} events that signal {@code ops} (a subset of the channel's valid operations). */
    default int pollEvents(int ops) {
        int e = 0;
        if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            e |= Poll.POLLIN;
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            e |= Poll.POLLOUT;
        }
        return e;
    }

    /**
     * The operations that ready {@code events} make ready among {@code interest}, as the JDK's
     * channels translate them: an error or hang-up makes every operation of interest ready (the
     * next call reports the error or end of stream).
     */
    default int readyOps(int events, int interest) {
        if ((events & (Poll.POLLERR | Poll.POLLHUP)) != 0) {
            return interest;
        }
        int r = 0;
        if ((events & Poll.POLLIN) != 0) {
            r |= interest & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        }
        if ((events & Poll.POLLOUT) != 0) {
            r |= interest & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
        }
        return r;
    }

    /** Called by a selector for a channel that is registered with it, before the channel's descriptor closes. */
    static void beforeClose(java.nio.channels.spi.AbstractSelectableChannel ch, Descriptor h) {
        if (h != null && ch.isRegistered()) {
            UringSelector.cancelPolls(h);
        }
    }
}

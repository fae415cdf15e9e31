package io.loomuring;

import io.loomuring.poller.IoUringUnavailableException;
import io.loomuring.poller.PollerGroup;
import io.loomuring.poller.PollerOptions;

/**
 * The process-wide entry point: the shared ring threads that loom-uring's files and sockets use.
 *
 * <p>The group is opened on first use with {@link PollerGroup#defaultRings()} rings and
 * {@link PollerOptions#defaults()}; its threads are daemons, so it needs no closing.
 */
public final class LoomUring {
    private LoomUring() {}

    private static final class Shared {
        static final PollerGroup GROUP;
        static final IoUringUnavailableException UNAVAILABLE;

        static {
            PollerGroup g = null;
            IoUringUnavailableException u = null;
            try {
                g = PollerGroup.open(PollerGroup.defaultRings(), PollerOptions.defaults());
            } catch (IoUringUnavailableException e) {
                u = e;
            }
            GROUP = g;
            UNAVAILABLE = u;
        }
    }

    /**
     * The shared ring threads.
     *
     * @throws IoUringUnavailableException io_uring cannot be used in this process (the same
     *         exception every time; the message says why)
     */
    public static PollerGroup pollers() throws IoUringUnavailableException {
        if (Shared.UNAVAILABLE != null) {
            throw Shared.UNAVAILABLE;
        }
        return Shared.GROUP;
    }
}

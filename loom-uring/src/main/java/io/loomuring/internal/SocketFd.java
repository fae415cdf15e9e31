package io.loomuring.internal;

import java.io.IOException;

import io.loomuring.poller.PollerGroup;
import io.loomuring.poller.kernel.SocketConstants;

/** A new socket descriptor, owned by the ring its number maps to. */
public final class SocketFd {
    private SocketFd() {}

    /** AF_INET6 where the host has IPv6 (the JDK's default for an unspecified family), else AF_INET. */
    public static int defaultInetFamily() {
        return DefaultFamily.VALUE;
    }

    private static final class DefaultFamily {
        static final int VALUE = probe();

        private static int probe() {
            int fd = Net.socket(SocketConstants.AF_INET6, SocketConstants.SOCK_STREAM);
            if (fd < 0) {
                return SocketConstants.AF_INET;
            }
            Fds.close(fd);
            return SocketConstants.AF_INET6;
        }
    }

    /**
     * {@code socket(family, type | SOCK_CLOEXEC, 0)} wrapped in a handle on its ring.
     *
     * @throws java.net.SocketException the kernel refused, with the errno name
     */
    public static FdHandle open(PollerGroup group, int family, int type) throws IOException {
        int fd = Net.socket(family, type);
        if (fd < 0) {
            throw Errors.forSocket(fd, "socket");
        }
        return type == SocketConstants.SOCK_STREAM ? FdHandle.streamSocket(fd, group.forFd(fd)) : new FdHandle(fd, group.forFd(fd));
    }
}

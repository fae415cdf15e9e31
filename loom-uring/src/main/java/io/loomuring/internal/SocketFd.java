package io.loomuring.internal;

import java.io.IOException;

import io.loomuring.poller.PollerGroup;

/** A new socket descriptor, owned by the ring its number maps to. */
public final class SocketFd {
    private SocketFd() {}

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
        return new FdHandle(fd, group.forFd(fd));
    }
}

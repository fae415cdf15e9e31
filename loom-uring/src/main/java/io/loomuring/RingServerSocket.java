package io.loomuring;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Map;

import io.loomuring.internal.Blocking;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Net;
import io.loomuring.internal.SocketFd;
import io.loomuring.internal.SockAddr;
import io.loomuring.internal.Style;
import io.loomuring.internal.op.AcceptOp;
import io.loomuring.poller.PollerGroup;
import io.loomuring.poller.kernel.SocketConstants;

/** {@link UringServerSocket} on io_uring. */
final class RingServerSocket extends UringServerSocket {
    private final FdHandle h;
    private final int family;
    private final PollerGroup group;
    private final SocketAddress local;

    private RingServerSocket(FdHandle h, int family, PollerGroup group, SocketAddress local) {
        this.h = h;
        this.family = family;
        this.group = group;
        this.local = local;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static RingServerSocket bind(SocketAddress local, int backlog, Map<SocketOption<?>, ?> options)
            throws IOException {
        int family = SockAddr.family(local);
        PollerGroup group = LoomUring.pollers();
        FdHandle h = SocketFd.open(group, family, SocketConstants.SOCK_STREAM);
        int fd = h.fd();
        boolean ok = false;
        try {
            if (family != SocketConstants.AF_UNIX) {
                SockOpts.set(fd, family, StandardSocketOptions.SO_REUSEADDR, true);
            }
            if (family == SocketConstants.AF_INET6) {
                Net.setInt(fd, SocketConstants.IPPROTO_IPV6, SocketConstants.IPV6_V6ONLY, 0); // dual stack
            }
            for (Map.Entry<SocketOption<?>, ?> e : options.entrySet()) {
                SockOpts.set(fd, family, (SocketOption) e.getKey(), e.getValue());
            }
            int r = Net.bind(fd, local, family);
            if (r < 0) {
                throw Errors.forSocket(r, "bind to " + local);
            }
            r = Net.listen(fd, backlog < 1 ? 50 : backlog);
            if (r < 0) {
                throw Errors.forSocket(r, "listen");
            }
            ok = true;
            return new RingServerSocket(h, family, group, Net.name(fd, false));
        } finally {
            if (!ok) {
                h.close();
            }
        }
    }

    @Override
    public UringSocket accept(Duration timeout) throws IOException {
        if (h.isClosing()) {
            throw new SocketException("Socket closed");
        }
        AcceptOp op = new AcceptOp(h.fd());
        try {
            int fd = Blocking.run(h, op, timeout.toNanos(), Style.SOCKET, "Accept");
            if (fd < 0) {
                throw Errors.forSocket(fd, "accept");
            }
            return new RingSocket(new FdHandle(fd, group.forFd(fd)), family, op.peer());
        } finally {
            Blocking.release(op);
        }
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        if (h.isClosing()) {
            throw new SocketException("Socket closed");
        }
        return local;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        if (h.isClosing()) {
            throw new SocketException("Socket closed");
        }
        return SockOpts.get(h.fd(), family, name);
    }

    @Override
    public boolean isOpen() {
        return !h.isClosing();
    }

    @Override
    public void close() {
        h.close(); // as with the JDK, a Unix domain socket's file stays: the caller deletes it
    }

    @Override
    public String toString() {
        return "UringServerSocket[" + local + ", " + h + "]";
    }
}

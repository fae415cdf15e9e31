package io.loomuring.backend.uring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.NoConnectionPendingException;
import java.time.Duration;

import io.loomuring.internal.Blocking;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Net;
import io.loomuring.internal.NonBlocking;
import io.loomuring.internal.Style;
import io.loomuring.internal.op.ConnectOp;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.SocketConstants;

/**
 * A stream socket's connection: bound, connecting, connected, and to whom — one state for the
 * blocking connect (an {@code IORING_OP_CONNECT}) and the non-blocking one (a {@code connect(2)}
 * answering EINPROGRESS, then a poll for {@code POLLOUT} and {@code SO_ERROR}). Every change is
 * made under one lock, so two connects can never both start.
 *
 * <p>Threads: any.
 */
final class SocketConnection {
    private final FdHandle h;
    private final int family;
    private final Object lock = new Object();
    private volatile SocketAddress remote;
    private volatile boolean connected;   // made by accept or a connect that succeeded
    private boolean bound;                // guarded by lock
    private boolean connecting;           // guarded by lock
    private SocketAddress pending;        // guarded by lock: the address of a non-blocking connect under way

    /** {@code connected}: an accepted socket, whose {@code remote} may be null (then asked of the kernel). */
    SocketConnection(FdHandle h, int family, SocketAddress remote, boolean connected) {
        this.h = h;
        this.family = family;
        this.remote = remote;
        this.connected = connected;
        this.bound = connected;
    }

    boolean isConnected() {
        return connected;
    }

    /** The peer as far as known (null before a connect, or for an accepted socket not yet asked). */
    SocketAddress knownRemote() {
        return remote;
    }

    /** The peer, asked of the kernel once when an accepted socket did not say. */
    SocketAddress remote() {
        SocketAddress r = remote;
        if (r == null && connected) {
            remote = r = Net.name(h.fd(), true);
        }
        return r;
    }

    void checkOpen() throws SocketException {
        if (h.isClosing()) {
            throw new SocketException("Socket closed");
        }
    }

    /** Open and connected, for reads, writes and shutdowns. */
    void checkConnected() throws SocketException {
        checkOpen();
        if (!connected) {
            throw new SocketException("Socket is not connected");
        }
    }

    /** Binds to {@code local} (null: the wildcard address of the family, any port; nothing for Unix). */
    void bind(SocketAddress local) throws IOException {
        synchronized (lock) {
            checkOpen();
            if (bound || connecting) {
                throw new SocketException("Already bound");
            }
            if (local == null) {
                if (family == SocketConstants.AF_UNIX) {
                    return;
                }
                local = new InetSocketAddress(family == SocketConstants.AF_INET6
                        ? InetAddress.getByAddress(new byte[16]) : InetAddress.getByAddress(new byte[4]), 0);
            }
            int r = Net.bind(h.fd(), local, family);
            if (r < 0) {
                throw Errors.forSocket(r, "bind to " + local);
            }
            bound = true;
        }
    }

    /** A blocking connect through the ring, bounded by {@code timeout} (zero: none). */
    void connect(SocketAddress to, Duration timeout) throws IOException {
        synchronized (lock) {
            checkCanConnect();
            connecting = true;
        }
        boolean ok = false;
        try {
            ConnectOp op = new ConnectOp(h.fd(), to, family);
            int r;
            try {
                r = Blocking.run(h, op, timeout.toNanos(), Style.SOCKET, "Connect");
            } finally {
                Blocking.release(op);
            }
            if (r < 0) {
                throw Errors.forSocket(r, "connect to " + to);
            }
            ok = true;
        } finally {
            synchronized (lock) {
                connecting = false;
                if (ok) {
                    connectedTo(to);
                }
            }
        }
    }

    /** Non-blocking mode's connect: true when done at once, false when under way. */
    boolean startConnect(SocketAddress to) throws IOException {
        synchronized (lock) {
            checkCanConnect();
            int r = NonBlocking.connect(h, to, family);
            if (r == 0) {
                connectedTo(to);
                return true;
            }
            if (r != -Errno.EINPROGRESS) {
                throw Errors.forSocket(r, "connect to " + to);
            }
            connecting = true;
            bound = true;
            pending = to;
            return false;
        }
    }

    /** Non-blocking mode's connect, its end: true when connected; false when not yet (only without {@code block}). */
    boolean finishConnect(boolean block) throws IOException {
        SocketAddress to;
        synchronized (lock) {
            checkOpen();
            if (connected) {
                return true;
            }
            if (!connecting) {
                throw new NoConnectionPendingException();
            }
            to = pending;
        }
        int ready = block ? Blocking.poll(h, NonBlocking.POLLOUT, 0, Style.SOCKET, "Connect")
                : NonBlocking.pollNow(h, NonBlocking.POLLOUT);
        if (ready < 0) {
            throw Errors.forSocket(ready, "connect to " + to);
        }
        if (ready == 0) {
            return false;
        }
        int err = (int) Net.getInt(h.fd(), SocketConstants.SOL_SOCKET, SocketConstants.SO_ERROR);
        synchronized (lock) {
            connecting = false;
            pending = null;
            if (err == 0) {
                connectedTo(to);
                return true;
            }
        }
        throw Errors.forSocket(err < 0 ? err : -err, "connect to " + to);
    }

    /** Under the lock: open, and neither connected nor connecting. */
    private void checkCanConnect() throws SocketException {
        checkOpen();
        if (connected || connecting) {
            throw new SocketException(connected ? "Already connected" : "Connection in progress");
        }
    }

    /** Under the lock: the connect to {@code to} succeeded. */
    private void connectedTo(SocketAddress to) {
        bound = true;
        remote = to;
        connected = true;
    }
}

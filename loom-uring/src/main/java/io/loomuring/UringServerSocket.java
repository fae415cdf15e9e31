package io.loomuring;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.time.Duration;
import java.util.Map;

/**
 * A listening stream socket (TCP over IPv4/IPv6, or Unix domain) whose {@link #accept} parks the
 * calling virtual thread on an io_uring {@code ACCEPT}. Many virtual threads may accept on one
 * server socket at once: they share one multishot {@code ACCEPT} (Linux 5.19+), each connection
 * going to exactly one of them. While nobody accepts, at most {@code backlog} connections wait on
 * the loom-uring side (then the request is cancelled and the kernel's backlog holds the rest);
 * closing the server socket closes them.
 *
 * <p>Errors, interrupt and close behave as for {@link UringSocket}: {@link java.net.BindException}
 * when the address is taken, {@code SocketException("Socket closed")} for an accept blocked when the
 * server socket is closed, {@code SocketException("Closed by interrupt")} (server socket closed)
 * when the accepting thread is interrupted, {@link java.net.SocketTimeoutException} when an
 * accept timeout passes (the server socket stays open).
 *
 * <p>Threads: any number may call {@link #accept}; {@link #close} from any thread.
 */
public abstract class UringServerSocket implements AutoCloseable {

    /**
     * For loom-uring's backends only (packages {@code io.loomuring.backend.*}); applications open
     * instances with the static factories.
     *
     * @throws IllegalStateException the subclass is not one of loom-uring's backends
     */
    protected UringServerSocket() {
        Implementors.check(getClass());
    }

    /** {@link #open(SocketAddress, int, Map)} with backlog 50 and no options. */
    public static UringServerSocket open(SocketAddress local) throws IOException {
        return open(local, 50, Map.of());
    }

    /**
     * Binds a socket to {@code local} and listens.
     *
     * @param local   an {@link java.net.InetSocketAddress} (port 0: the kernel chooses; read it with
     *                {@link #localAddress()}; a wildcard address listens on all interfaces) or a
     *                {@link java.net.UnixDomainSocketAddress} (the file must not exist)
     * @param backlog pending connections the kernel queues
     * @param options set before binding: SO_REUSEADDR (default true, as {@link java.net.ServerSocket}),
     *                SO_REUSEPORT, SO_RCVBUF
     * @throws java.net.BindException address in use (EADDRINUSE) or not available (EADDRNOTAVAIL)
     */
    public static UringServerSocket open(SocketAddress local, int backlog, Map<SocketOption<?>, ?> options)
            throws IOException {
        return Backends.current().listen(local, backlog, options);
    }

    /**
     * Waits for a connection.
     *
     * @return the connected socket, with its remote address
     * @throws java.net.SocketException closed, closed while waiting, or interrupted
     */
    public UringSocket accept() throws IOException {
        return accept(Duration.ZERO);
    }

    /**
     * Waits at most {@code timeout} for a connection ({@link Duration#ZERO}: no limit).
     *
     * @throws java.net.SocketTimeoutException the timeout passed; the server socket stays open
     */
    public abstract UringSocket accept(Duration timeout) throws IOException;

    /** The bound address (with the real port when bound to port 0). */
    public abstract SocketAddress localAddress() throws IOException;

    /** Sets a socket option (SO_RCVBUF, SO_REUSEADDR, ...); returns this socket. */
    public abstract <T> UringServerSocket setOption(SocketOption<T> name, T value) throws IOException;

    /** Reads a socket option. */
    public abstract <T> T getOption(SocketOption<T> name) throws IOException;

    /**
     * Chooses what an interrupt does to a thread blocked in an operation on this socket (see
     * {@link InterruptPolicy}); {@link InterruptPolicy#CLOSE} until set. On the JDK backend the JDK
     * class underneath keeps its own behaviour.
     */
    public void setInterruptPolicy(InterruptPolicy policy) {
        java.util.Objects.requireNonNull(policy);
    }

    /** Whether the server socket is open: false once {@link #close} was called or an interrupt closed it. */
    public abstract boolean isOpen();

    /**
     * Closes the socket; blocked accepts throw {@code SocketException("Socket closed")}. Returns
     * once the descriptor itself is closed, so the address can be bound again at once.
     */
    @Override
    public abstract void close() throws IOException;
}

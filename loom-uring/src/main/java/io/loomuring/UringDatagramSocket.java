package io.loomuring;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A UDP socket (IPv4 or IPv6) whose blocking {@link #receive} and {@link #send} are io_uring
 * {@code RECVMSG}/{@code SENDMSG} operations, each carrying the peer's address. Where io_uring is
 * unavailable the same API runs on {@link java.net.DatagramSocket}.
 *
 * <p>A datagram larger than the buffer is truncated and its excess discarded, as with
 * {@link java.nio.channels.DatagramChannel}. Heap buffers go through pooled native memory.
 * Interrupt, close and the receive timeout behave as for {@link UringSocket}: interrupt closes the
 * socket and throws {@code SocketException("Closed by interrupt")}; a close from another thread ends
 * a blocked receive with {@code SocketException("Socket closed")}; a receive that outlasts
 * {@link #setReadTimeout} throws {@link java.net.SocketTimeoutException} and the socket stays open.
 *
 * <p>Threads: one receiver and one sender at a time; {@link #close} from any thread.
 */
public abstract class UringDatagramSocket implements AutoCloseable {

    /**
     * For loom-uring's backends only (packages {@code io.loomuring.backend.*}); applications open
     * instances with the static factories.
     *
     * @throws IllegalStateException the subclass is not one of loom-uring's backends
     */
    protected UringDatagramSocket() {
        Implementors.check(getClass());
    }

    /**
     * Opens a UDP socket bound to {@code local} (port 0: the kernel chooses).
     *
     * @throws java.net.BindException the address is in use or not available
     */
    public static UringDatagramSocket open(SocketAddress local) throws IOException {
        return Backends.current().openDatagram(local);
    }

    /**
     * Receives one datagram into {@code dst} (excess beyond {@code dst.remaining()} is discarded).
     *
     * @return the sender's address
     */
    public abstract SocketAddress receive(ByteBuffer dst) throws IOException;

    /**
     * Sends {@code src} as one datagram to {@code target}.
     *
     * @return the bytes sent ({@code src.remaining()} on entry)
     * @throws java.net.SocketException e.g. EMSGSIZE for a datagram larger than the protocol allows
     */
    public abstract int send(ByteBuffer src, SocketAddress target) throws IOException;

    /** Connects: datagrams are sent to and received from {@code remote} only. */
    public abstract UringDatagramSocket connect(SocketAddress remote) throws IOException;

    /** Dissolves the association made by {@link #connect}; a socket not connected is left as it is. */
    public abstract void disconnect() throws IOException;

    /** Sends {@code src} to the connected peer. */
    public abstract int write(ByteBuffer src) throws IOException;

    /** Receives one datagram from the connected peer; returns its length. */
    public int read(ByteBuffer dst) throws IOException {
        int before = dst.position();
        receive(dst);
        return dst.position() - before;
    }

    /** The bound address (with the real port). */
    public abstract SocketAddress localAddress() throws IOException;

    /**
     * Sets a socket option: {@code SO_RCVBUF}, {@code SO_SNDBUF}, {@code SO_BROADCAST},
     * {@code SO_REUSEADDR}, {@code SO_REUSEPORT}, {@code IP_TOS}, the {@code IP_MULTICAST_*} options
     * and, with {@code jdk.net}, {@code IP_DONTFRAGMENT}.
     *
     * @throws UnsupportedOperationException another option
     * @throws IllegalArgumentException      a value the JDK refuses (null, negative sizes, ...)
     * @throws java.net.SocketException      closed, a read-only option, or the kernel refused (errno named)
     */
    public abstract <T> UringDatagramSocket setOption(SocketOption<T> name, T value) throws IOException;

    /**
     * The value of a socket option (those of {@link #setOption}, and the read-only
     * {@code SO_INCOMING_NAPI_ID}); buffer sizes as the JDK reports them (half what Linux reports).
     *
     * @throws UnsupportedOperationException another option
     * @throws java.net.SocketException      closed, or the kernel refused (errno named)
     */
    public abstract <T> T getOption(SocketOption<T> name) throws IOException;

    /** Bounds every later receive ({@link Duration#ZERO}: no limit). */
    public abstract void setReadTimeout(Duration timeout);

    /**
     * Joins multicast {@code group} on {@code interf}: from any source when {@code source} is null,
     * else from {@code source} only ({@code MCAST_JOIN_GROUP} / {@code MCAST_JOIN_SOURCE_GROUP}).
     * Datagrams sent to the group then arrive at this socket's port.
     *
     * @throws java.net.SocketException the kernel refused (EADDRINUSE: already a member, ENODEV: no
     *                                  such interface, ...), with the errno name; closed
     * @throws UnsupportedOperationException source-specific joins on the JDK backend
     */
    public abstract void join(java.net.InetAddress group, java.net.NetworkInterface interf, java.net.InetAddress source)
            throws IOException;

    /** Leaves a membership made by {@link #join} with the same arguments. */
    public abstract void leave(java.net.InetAddress group, java.net.NetworkInterface interf, java.net.InetAddress source)
            throws IOException;

    /**
     * Blocks ({@code block} true) or unblocks datagrams from {@code source} within an any-source
     * membership of {@code group} on {@code interf} ({@code MCAST_BLOCK_SOURCE} / {@code MCAST_UNBLOCK_SOURCE}).
     *
     * @throws UnsupportedOperationException on the JDK backend
     */
    public abstract void block(java.net.InetAddress group, java.net.NetworkInterface interf, java.net.InetAddress source,
                               boolean block) throws IOException;

    /**
     * Chooses what an interrupt does to a thread blocked in an operation on this socket (see
     * {@link InterruptPolicy}); {@link InterruptPolicy#CLOSE} until set. On the JDK backend the JDK
     * class underneath keeps its own behaviour.
     */
    public void setInterruptPolicy(InterruptPolicy policy) {
        java.util.Objects.requireNonNull(policy);
    }

    /** Whether the socket is open: false once {@link #close} was called or an interrupt closed it. */
    public abstract boolean isOpen();

    @Override
    public abstract void close() throws IOException;
}

package io.loomuring;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

/**
 * A stream socket (TCP over IPv4 or IPv6, or Unix domain) whose blocking calls on a
 * virtual thread are io_uring operations underneath ({@code connect}, {@code recv}, {@code send},
 * {@code shutdown}, {@code close}). Where io_uring is unavailable the same API runs on
 * {@link java.net.Socket} ({@link Backends}).
 *
 * <h2>Buffers</h2>
 * Direct buffers and native segments are used in place. Heap buffers and arrays never reach the
 * kernel: reads land in a pooled native buffer (at most 64 KiB per call) and are copied out; writes
 * are copied in. Memory given to the kernel stays owned by the operation until its completion.
 *
 * <h2>Interrupt, close, timeouts and errors</h2>
 * Interrupting a thread blocked in a call — a virtual or a platform thread — cancels the
 * operation, closes the socket and throws {@link java.net.SocketException} ("Closed by interrupt")
 * with the interrupt status kept set. That is {@link java.net.Socket}'s behaviour on a virtual
 * thread; on a platform thread {@code java.net.Socket} ignores the interrupt, and
 * {@link #setInterruptPolicy setInterruptPolicy}{@code (}{@link InterruptPolicy#CLOSE_ON_VIRTUAL_THREADS}{@code )}
 * gives that behaviour here (the JDK backend keeps {@code java.net.Socket}'s). Closing the socket from another
 * thread makes blocked calls throw {@code SocketException} ("Socket closed"), as does any call after
 * close. A read that outlasts {@link #setReadTimeout} throws {@link java.net.SocketTimeoutException}
 * and leaves the socket usable; the timeout is an {@code IORING_OP_LINK_TIMEOUT} linked to the
 * read, so no timer thread is involved. A peer that reset the connection gives {@code SocketException}
 * ("Connection reset"); writing to a peer that went away gives {@code SocketException}
 * ("Broken pipe") and never raises SIGPIPE. Other failures name the errno.
 *
 * <p>Threads: one reader and one writer may use a socket at the same time; {@link #close} from any
 * thread.
 */
public abstract class UringSocket implements AutoCloseable {

    /**
     * For loom-uring's backends only (packages {@code io.loomuring.backend.*}); applications open
     * instances with the static factories.
     *
     * @throws IllegalStateException the subclass is not one of loom-uring's backends
     */
    protected UringSocket() {
        Implementors.check(getClass());
    }

    /**
     * {@code SO_OOBINLINE}: urgent data ({@link #sendUrgentData}) is received in line with the rest
     * of the stream when true; when false (the default) the kernel leaves it out of the stream.
     * The JDK has this option in an internal class; any boolean {@link SocketOption} named
     * {@code SO_OOBINLINE} is taken for it.
     */
    public static final SocketOption<Boolean> SO_OOBINLINE = new SocketOption<>() {
        @Override
        public String name() {
            return "SO_OOBINLINE";
        }

        @Override
        public Class<Boolean> type() {
            return Boolean.class;
        }

        @Override
        public String toString() {
            return name();
        }
    };

    /**
     * Sends the low eight bits of {@code data} as one byte of TCP urgent data ({@code MSG_OOB}).
     *
     * @throws java.net.SocketException closed, not connected, or the kernel refused (errno named)
     */
    public abstract void sendUrgentData(int data) throws IOException;

    /** {@link #connect(SocketAddress, Duration)} with no timeout. */
    public static UringSocket connect(SocketAddress remote) throws IOException {
        return connect(remote, Duration.ZERO);
    }

    /**
     * Opens an unconnected stream socket: the kernel socket exists at once, so {@link #bind} gets
     * its port from the kernel and options apply before {@link #connectTo}. {@code family} is
     * {@link java.net.StandardProtocolFamily#INET}, {@code INET6} or {@code UNIX}; null is the
     * JDK's default for TCP: IPv6 accepting IPv4 too (dual stack) where the host has IPv6, else IPv4.
     * Reads and writes before {@code connectTo} throw {@code SocketException("Socket is not connected")}.
     *
     * @throws UnsupportedOperationException a family other than those
     * @throws java.net.SocketException      the kernel refused ({@code socket} failed), with the errno name
     */
    public static UringSocket open(java.net.ProtocolFamily family) throws IOException {
        return Backends.current().openSocket(family);
    }

    /**
     * Binds an unconnected socket to {@code local}; null binds to the wildcard address and a port
     * the kernel picks (a Unix domain socket stays unbound until it connects).
     *
     * @return this socket
     * @throws java.net.BindException    the address is in use or not local
     * @throws java.net.SocketException  closed ("Socket closed"), already bound or connected, or another failure
     */
    public abstract UringSocket bind(SocketAddress local) throws IOException;

    /**
     * Connects a socket made by {@link #open}; blocking, as {@link #connect(SocketAddress, Duration)}.
     * After a failure the socket cannot connect again: close it.
     *
     * @param timeout how long to wait; {@link Duration#ZERO} waits as long as the kernel does
     * @throws java.net.ConnectException       refused (ECONNREFUSED) or timed out in the kernel
     * @throws java.net.SocketTimeoutException {@code timeout} passed
     * @throws java.net.SocketException        closed, interrupted ("Closed by interrupt"), already connected, or another failure
     */
    public abstract void connectTo(SocketAddress remote, Duration timeout) throws IOException;

    /** Whether the socket is connected (made by {@code connect} or {@code accept}, or {@link #connectTo} succeeded). */
    public abstract boolean isConnected();

    /**
     * Connects to {@code remote}: an {@link java.net.InetSocketAddress} (IPv4 or IPv6) or a
     * {@link java.net.UnixDomainSocketAddress}.
     *
     * @param timeout how long to wait; {@link Duration#ZERO} waits as long as the kernel does
     * @return the connected socket
     * @throws java.net.ConnectException                    refused (ECONNREFUSED) or timed out in the kernel
     * @throws java.net.SocketTimeoutException              {@code timeout} passed; nothing stays open
     * @throws java.nio.channels.UnresolvedAddressException {@code remote} is an unresolved address
     * @throws java.net.SocketException                     interrupted ("Closed by interrupt"), or any other failure
     */
    public static UringSocket connect(SocketAddress remote, Duration timeout) throws IOException {
        return Backends.current().connect(remote, timeout);
    }

    /**
     * Reads up to {@code dst.remaining()} bytes, waiting for at least one.
     *
     * @return the count; -1 at end of stream (the peer shut down its output, or
     *         {@link #shutdownInput} was called); 0 only when {@code dst} is full
     */
    public abstract int read(ByteBuffer dst) throws IOException;

    /** Reads into {@code b[off, off+len)}; see {@link #read(ByteBuffer)}. */
    public int read(byte[] b, int off, int len) throws IOException {
        return read(ByteBuffer.wrap(b, off, len));
    }

    /** Reads up to {@code dst.byteSize()} bytes into a segment; see {@link #read(ByteBuffer)}. */
    public int read(MemorySegment dst) throws IOException {
        return read(dst.asByteBuffer());
    }

    /**
     * Reads until {@code dst} is full.
     *
     * @throws EOFException the stream ended first; {@code dst} holds what arrived
     */
    public void readFully(ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            if (read(dst) < 0) {
                throw new EOFException("end of stream with " + dst.remaining() + " bytes to go");
            }
        }
    }

    /**
     * Writes all of {@code src}, looping on partial sends.
     *
     * @return the count written ({@code src.remaining()} on entry)
     */
    public abstract int write(ByteBuffer src) throws IOException;

    /** Writes {@code b[off, off+len)}; see {@link #write(ByteBuffer)}. */
    public int write(byte[] b, int off, int len) throws IOException {
        return write(ByteBuffer.wrap(b, off, len));
    }

    /** Writes all of segment {@code src}. */
    public long write(MemorySegment src) throws IOException {
        return write(src.asByteBuffer());
    }

    /** Gathering write of every buffer in {@code srcs}; see {@link #write(ByteBuffer[], int, int)}. */
    public long write(ByteBuffer... srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /**
     * Gathering write: the remaining bytes of {@code srcs[offset, offset+length)}, in order, as one
     * stream. On io_uring each attempt is one {@code IORING_OP_SENDMSG} over all the buffers (an
     * {@code iovec} per buffer; heap buffers go through pooled native memory); a partial send goes
     * on from the exact byte where it stopped, so no buffer's bytes ever overtake an earlier one's.
     * Returns once every byte is written, each buffer's position at its limit. Errors, interrupt
     * and close as {@link #write(ByteBuffer)}; after an exception the positions show what was
     * written.
     *
     * @return the count written (the buffers' total remaining on entry)
     * @throws IndexOutOfBoundsException {@code offset} and {@code length} do not fit {@code srcs}
     */
    public abstract long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /**
     * Scattering read: one receive of up to the total room of {@code dsts[offset, offset+length)},
     * waiting for at least one byte, filling the buffers in order (one {@code IORING_OP_RECVMSG};
     * heap buffers take at most 64 KiB per call through pooled native memory). Errors, timeout,
     * interrupt and close as {@link #read(ByteBuffer)}.
     *
     * @return the count; -1 at end of stream; 0 only when no buffer has room
     * @throws IllegalArgumentException  a buffer is read-only
     * @throws IndexOutOfBoundsException {@code offset} and {@code length} do not fit {@code dsts}
     */
    public abstract long read(ByteBuffer[] dsts, int offset, int length) throws IOException;

    /** Writes all of {@code src}: {@link #write(ByteBuffer)} already loops. */
    public void writeFully(ByteBuffer src) throws IOException {
        write(src);
    }

    /**
     * The number of bytes that can be read now without blocking ({@code FIONREAD}); 0 after
     * {@link #shutdownInput()} or at end of stream.
     *
     * @throws java.net.SocketException the socket is closed ("Socket closed")
     */
    public abstract int available() throws IOException;

    /** Half-closes the reading side: later reads return -1. */
    public abstract void shutdownInput() throws IOException;

    /** Half-closes the writing side: the peer reads end of stream; later writes fail. */
    public abstract void shutdownOutput() throws IOException;

    /** The local address. */
    public abstract SocketAddress localAddress() throws IOException;

    /** The peer's address. */
    public abstract SocketAddress remoteAddress() throws IOException;

    /**
     * Sets a socket option: {@link java.net.StandardSocketOptions} TCP_NODELAY, SO_KEEPALIVE,
     * SO_LINGER, SO_RCVBUF, SO_SNDBUF, IP_TOS, SO_REUSEADDR, SO_REUSEPORT, and
     * {@link jdk.net.ExtendedSocketOptions} TCP_KEEPIDLE, TCP_KEEPINTERVAL, TCP_KEEPCOUNT.
     *
     * @throws UnsupportedOperationException another option
     */
    public abstract <T> UringSocket setOption(SocketOption<T> name, T value) throws IOException;

    /** Reads a socket option; see {@link #setOption}. */
    public abstract <T> T getOption(SocketOption<T> name) throws IOException;

    /**
     * Bounds every later read: one that waits longer throws {@link java.net.SocketTimeoutException}
     * and the socket stays usable ({@code SO_TIMEOUT}). {@link Duration#ZERO} waits forever.
     */
    public abstract void setReadTimeout(Duration timeout);

    /** The read timeout ({@link Duration#ZERO}: none). */
    public abstract Duration readTimeout();

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

    /**
     * Closes the socket. Blocked reads and writes in other threads are cancelled and throw
     * {@code SocketException("Socket closed")}; the descriptor is closed once the last of them left
     * the kernel. With {@code SO_LINGER} on and unsent data, the thread that closes the descriptor
     * waits up to the linger time (a virtual thread parks), and nothing else waits with it.
     * Closing twice does nothing.
     */
    @Override
    public abstract void close() throws IOException;

    /** An {@link InputStream} over this socket (closing it closes the socket). */
    public InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                return len == 0 ? 0 : UringSocket.this.read(b, off, len);
            }

            @Override
            public void close() throws IOException {
                UringSocket.this.close();
            }
        };
    }

    /** An {@link OutputStream} over this socket (closing it closes the socket). */
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                UringSocket.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                UringSocket.this.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                UringSocket.this.close();
            }
        };
    }
}

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
 * A connected stream socket (TCP over IPv4 or IPv6, or Unix domain) whose blocking calls on a
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
 * As {@link java.net.Socket} on a virtual thread: interrupting a thread blocked in a call cancels
 * the operation, closes the socket and throws {@link java.net.SocketException}
 * ("Closed by interrupt") with the interrupt status kept set; closing the socket from another
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

    UringSocket() {
    }

    /** {@link #connect(SocketAddress, Duration)} with no timeout. */
    public static UringSocket connect(SocketAddress remote) throws IOException {
        return connect(remote, Duration.ZERO);
    }

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

    /** Gathering write: all of {@code srcs}, in order. Returns the total. */
    public long write(ByteBuffer... srcs) throws IOException {
        long n = 0;
        for (ByteBuffer b : srcs) {
            n += write(b);
        }
        return n;
    }

    /** Writes all of {@code src}: {@link #write(ByteBuffer)} already loops. */
    public void writeFully(ByteBuffer src) throws IOException {
        write(src);
    }

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

    public abstract boolean isOpen();

    /**
     * Closes the socket. Blocked reads and writes in other threads are cancelled and throw
     * {@code SocketException("Socket closed")}; the descriptor is closed once the last of them left
     * the kernel. Closing twice does nothing.
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

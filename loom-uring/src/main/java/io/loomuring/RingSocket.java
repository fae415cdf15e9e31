package io.loomuring;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

import io.loomuring.internal.Blocking;
import io.loomuring.internal.Bounce;
import io.loomuring.internal.SocketFd;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Net;
import io.loomuring.internal.SockAddr;
import io.loomuring.internal.Style;
import io.loomuring.internal.op.ConnectOp;
import io.loomuring.internal.op.SimpleOp;
import io.loomuring.internal.op.SendZcOp;
import io.loomuring.internal.op.SocketOp;
import io.loomuring.poller.Operation;
import io.loomuring.poller.ProvidedBuffers;
import io.loomuring.poller.kernel.CqeLayout;
import io.loomuring.poller.kernel.SocketConstants;

/** {@link UringSocket} on io_uring. */
final class RingSocket extends UringSocket {
    /**
     * Which transfers first try a non-blocking {@code recv}/{@code send} from the calling thread and
     * use the ring only to wait: {@code -Dloomuring.socket.tryFirst=none} (default), {@code send},
     * {@code all}. Measured with bench/run echo: reads on a request/response connection nearly
     * always find nothing yet, so trying them first adds a failed system call; and with sends done
     * inline the ring carries lone reads and sleeps between them (about 1 io_uring_enter and 0.3
     * wake-ups per round trip, against 0.13 and 0.04 when everything goes through the ring).
     */
    static final String TRY_FIRST = System.getProperty("loomuring.socket.tryFirst", "none");
    private static final boolean TRY_SEND = TRY_FIRST.equals("send") || TRY_FIRST.equals("all");
    private static final boolean TRY_RECV = TRY_FIRST.equals("all");
    /** Most bytes one heap read takes in (the bounce buffer's size). */
    static final int HEAP_READ_MAX = 64 * 1024;
    /**
     * Sends of at least this many bytes use {@code IORING_OP_SEND_ZC}; 0 (the default) never.
     * {@code bench/run zc} measures whether it pays: on loopback it did not (see the report).
     */
    static final int SEND_ZC_THRESHOLD = Integer.getInteger("loomuring.socket.sendZcThreshold", 0);

    private final FdHandle h;
    private final int family;
    private volatile SocketAddress remote;
    private volatile long readTimeoutNanos;

    RingSocket(FdHandle h, int family, SocketAddress remote) {
        this.h = h;
        this.family = family;
        this.remote = remote;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static RingSocket connectTo(SocketAddress remote, Duration timeout, SocketAddress local,
                                Map<SocketOption<?>, ?> options) throws IOException {
        int family = SockAddr.family(remote);
        FdHandle h = SocketFd.open(LoomUring.pollers(), family, SocketConstants.SOCK_STREAM);
        int fd = h.fd();
        boolean ok = false;
        try {
            for (Map.Entry<SocketOption<?>, ?> e : options.entrySet()) {
                SockOpts.set(fd, family, (SocketOption) e.getKey(), e.getValue());
            }
            if (local != null) {
                int r = Net.bind(fd, local, family);
                if (r < 0) {
                    throw Errors.forSocket(r, "bind to " + local);
                }
            }
            ConnectOp op = new ConnectOp(fd, remote, family);
            int r;
            try {
                r = Blocking.run(h, op, timeout.toNanos(), Style.SOCKET, "Connect");
            } finally {
                Blocking.release(op);
            }
            if (r < 0) {
                throw Errors.forSocket(r, "connect to " + remote);
            }
            ok = true;
            return new RingSocket(h, family, remote);
        } finally {
            if (!ok) {
                h.close();
            }
        }
    }

    private void checkOpen() throws SocketException {
        if (h.isClosing()) {
            throw new SocketException("Socket closed");
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        checkOpen();
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        int len = dst.remaining();
        if (len == 0) {
            return 0;
        }
        int n;
        if (dst.isDirect()) {
            n = recv(MemorySegment.ofBuffer(dst).address(), len, dst);
        } else {
            ProvidedBuffers pb = h.poller().providedBuffers();
            n = pb != null ? recvProvided(pb, dst, len) : NO_BUFFERS;
            if (n == NO_BUFFERS) {
                n = Bounce.with(Math.min(len, HEAP_READ_MAX), b -> {
                int k = recv(b.address(), Math.min(len, Math.min(b.capacity(), HEAP_READ_MAX)), b);
                    if (k > 0) {
                        MemorySegment.copy(b.segment(), 0, MemorySegment.ofBuffer(dst), 0, k);
                    }
                    return k;
                });
            }
        }
        if (n == 0) {
            return -1;
        }
        dst.position(dst.position() + n);
        return n;
    }

    /** {@link #recvProvided}: the ring's provided buffers were all taken. */
    private static final int NO_BUFFERS = Integer.MIN_VALUE;

    /**
     * A heap read through the ring's provided buffers: while the peer is silent no buffer is held;
     * when data arrives the kernel picks one, the data is copied into {@code dst}, and the buffer
     * goes back — on every path, also when an interrupt, close or timeout raced the data.
     * Returns the count (0 at end of stream), or {@link #NO_BUFFERS}.
     */
    private int recvProvided(ProvidedBuffers pb, ByteBuffer dst, int len) throws IOException {
        SocketOp op = SocketOp.recvProvided(h.fd(), Math.min(len, pb.bufferSize()), pb.group());
        int r;
        try {
            r = Blocking.run(h, op, readTimeoutNanos, Style.SOCKET, "Read");
        } catch (IOException | RuntimeException e) {
            if (op.state() == Operation.COMPLETED && (op.cqeFlags() & CqeLayout.F_BUFFER) != 0) {
                pb.release(op.cqeFlags() >>> CqeLayout.BUFFER_SHIFT);
            }
            throw e;
        }
        if ((op.cqeFlags() & CqeLayout.F_BUFFER) != 0) {
            int bid = op.cqeFlags() >>> CqeLayout.BUFFER_SHIFT;
            try {
                if (r > 0) {
                    MemorySegment.copy(pb.segment(bid), 0, MemorySegment.ofBuffer(dst), 0, r);
                }
            } finally {
                pb.release(bid);
            }
        }
        if (r == -io.loomuring.poller.kernel.Errno.ENOBUFS) {
            return NO_BUFFERS;
        }
        if (r < 0) {
            throw Errors.forSocket(r, "read");
        }
        return r;
    }

    /**
     * One non-blocking attempt from the calling thread; returns the count, or -1 when the ring must
     * wait (nothing queued / no buffer space, or the thread is interrupted, which the ring path
     * handles).
     */
    private long tryNow(boolean send, long addr, long len) throws IOException {
        if (!(send ? TRY_SEND : TRY_RECV) || Thread.currentThread().isInterrupted()) {
            return -1;
        }
        if (!h.begin()) {
            throw new SocketException("Socket closed");
        }
        long r;
        MemorySegment scratch = io.loomuring.internal.Scratch.take();
        try {
            r = Net.tryTransfer(scratch, send, h.fd(), addr, len);
        } finally {
            io.loomuring.internal.Scratch.put(scratch);
            h.end();
        }
        if (r >= 0) {
            return r;
        }
        if (r == -io.loomuring.poller.kernel.Errno.EAGAIN) {
            return -1;
        }
        throw Errors.forSocket((int) r, send ? "write" : "read");
    }

    private int recv(long addr, int len, Object owner) throws IOException {
        long now = tryNow(false, addr, len);
        if (now >= 0) {
            return (int) now;
        }
        int r = Blocking.run(h, SocketOp.recv(h.fd(), addr, len, owner), readTimeoutNanos, Style.SOCKET, "Read");
        if (r < 0) {
            throw Errors.forSocket(r, "read");
        }
        return r;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        checkOpen();
        int len = src.remaining();
        if (src.isDirect()) {
            sendAll(MemorySegment.ofBuffer(src).address(), len, src);
        } else {
            MemorySegment heap = MemorySegment.ofBuffer(src);
            int done = 0;
            while (done < len) {
                int from = done;
                done += Bounce.with(len - done, b -> {
                    int chunk = Math.min(len - from, b.capacity());
                    MemorySegment.copy(heap, from, b.segment(), 0, chunk);
                    sendAll(b.address(), chunk, b);
                    return chunk;
                });
            }
        }
        src.position(src.position() + len);
        return len;
    }

    private void sendAll(long addr, long len, Object owner) throws IOException {
        long done = 0;
        while (done < len) {
            int chunk = (int) Math.min(len - done, 1 << 30);
            long now = tryNow(true, addr + done, chunk);
            if (now > 0) {
                done += now;
                continue;
            }
            Operation op = SEND_ZC_THRESHOLD > 0 && chunk >= SEND_ZC_THRESHOLD
                    ? new SendZcOp(h.fd(), addr + done, chunk, owner) : SocketOp.send(h.fd(), addr + done, chunk, owner);
            int r = Blocking.run(h, op, 0, Style.SOCKET, "Write");
            if (r < 0) {
                throw Errors.forSocket(r, "write");
            }
            done += r;
        }
    }

    @Override
    public long write(MemorySegment src) throws IOException {
        if (!src.isNative()) {
            return write(src.asByteBuffer());
        }
        checkOpen();
        sendAll(src.address(), src.byteSize(), src);
        return src.byteSize();
    }

    /**
     * Moves up to {@code len} bytes from this socket into pipe {@code pipeOut}, waiting for data as
     * a read does (bounded by the read timeout); returns the count, 0 at end of stream.
     */
    int spliceTo(int pipeOut, int len) throws IOException {
        checkOpen();
        int r = Blocking.run(h, new io.loomuring.internal.op.SpliceOp(h.fd(), -1, pipeOut, -1, len),
                readTimeoutNanos, Style.SOCKET, "Read");
        if (r < 0) {
            throw Errors.forSocket(r, "read");
        }
        return r;
    }

    /** Moves up to {@code len} bytes from pipe {@code pipeIn} into this socket; returns the count. */
    int splice(int pipeIn, int len) throws IOException {
        checkOpen();
        int r = Blocking.run(h, new io.loomuring.internal.op.SpliceOp(pipeIn, -1, h.fd(), -1, len), 0,
                Style.SOCKET, "Write");
        if (r < 0) {
            throw Errors.forSocket(r, "write");
        }
        if (r == 0) {
            throw new SocketException("splice into the socket made no progress");
        }
        return r;
    }

    private void shutdown(int how) throws IOException {
        checkOpen();
        int r = Blocking.run(h, SimpleOp.shutdown(h.fd(), how), 0, Style.SOCKET, "Shutdown");
        if (r < 0 && r != -io.loomuring.poller.kernel.Errno.ENOTCONN) {
            throw Errors.forSocket(r, "shutdown");
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        shutdown(SocketConstants.SHUT_RD);
    }

    @Override
    public void shutdownOutput() throws IOException {
        shutdown(SocketConstants.SHUT_WR);
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        checkOpen();
        return Net.name(h.fd(), false);
    }

    @Override
    public SocketAddress remoteAddress() throws IOException {
        checkOpen();
        SocketAddress r = remote;
        if (r == null) {
            remote = r = Net.name(h.fd(), true);
        }
        return r;
    }

    @Override
    public <T> UringSocket setOption(SocketOption<T> name, T value) throws IOException {
        checkOpen();
        SockOpts.set(h.fd(), family, name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        checkOpen();
        return SockOpts.get(h.fd(), family, name);
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout");
        }
        readTimeoutNanos = timeout.toNanos();
    }

    @Override
    public Duration readTimeout() {
        return Duration.ofNanos(readTimeoutNanos);
    }

    @Override
    public boolean isOpen() {
        return !h.isClosing();
    }

    @Override
    public void close() {
        h.close();
    }

    int fd() {
        return h.fd();
    }

    @Override
    public String toString() {
        return "UringSocket[" + h + ", remote=" + remote + "]";
    }
}

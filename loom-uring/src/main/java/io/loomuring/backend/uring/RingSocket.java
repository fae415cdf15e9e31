package io.loomuring.backend.uring;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

import io.loomuring.InterruptPolicy;
import io.loomuring.LoomUring;
import io.loomuring.UringSocket;
import io.loomuring.backend.SockOpts;
import io.loomuring.internal.Blocking;
import io.loomuring.internal.Bounce;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Interrupts;
import io.loomuring.internal.Net;
import io.loomuring.internal.SocketFd;
import io.loomuring.internal.Style;
import io.loomuring.internal.jfr.IoEvents;
import io.loomuring.internal.memory.IoVec;
import io.loomuring.internal.memory.SockAddr;
import io.loomuring.internal.op.ConnectOp;
import io.loomuring.internal.op.SendZcOp;
import io.loomuring.internal.op.SimpleOp;
import io.loomuring.internal.op.SocketOp;
import io.loomuring.internal.op.VectorOp;
import io.loomuring.poller.IoRing;
import io.loomuring.poller.Operation;
import io.loomuring.poller.ProvidedBuffers;
import io.loomuring.poller.kernel.CqeLayout;
import io.loomuring.poller.kernel.SocketConstants;

/** {@link UringSocket} on io_uring. */
final class RingSocket extends UringSocket implements io.loomuring.internal.NonBlockingStream {
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
    /**
     * Sends of at least this many bytes use {@code IORING_OP_SEND_ZC}; 0 (the default) never.
     * {@code bench/run zc} measures whether it pays: on loopback it did not (see the report).
     */
    static final int SEND_ZC_THRESHOLD = Integer.getInteger("loomuring.socket.sendZcThreshold", 0);

    private final FdHandle h;
    private final int family;
    private final Object stateLock = new Object();
    private volatile SocketAddress remote;
    private volatile boolean connected;      // made by accept or connect, or connectTo succeeded
    private boolean bound;                   // guarded by stateLock
    private boolean connecting;              // guarded by stateLock
    private volatile long readTimeoutNanos;
    private volatile boolean reset;          // a read saw ECONNRESET: later reads throw it again, as the JDK's do
    private volatile boolean nonBlocking;    // O_NONBLOCK set: transfers are single attempts (NonBlockingMode)
    private SocketAddress pending;           // guarded by stateLock: the address of a connect under way

    /** A connected socket ({@code accept}): {@code remote} may be null, then asked of the kernel. */
    RingSocket(FdHandle h, int family, SocketAddress remote) {
        this(h, family, remote, true);
    }

    private RingSocket(FdHandle h, int family, SocketAddress remote, boolean connected) {
        this.h = h;
        this.family = family;
        this.remote = remote;
        this.connected = connected;
        this.bound = connected;
    }

    /** An unconnected socket; see {@link UringSocket#open}. */
    static RingSocket openUnconnected(ProtocolFamily pf) throws IOException {
        int family = pf == null ? SocketFd.defaultInetFamily()
                : pf == StandardProtocolFamily.INET ? SocketConstants.AF_INET
                : pf == StandardProtocolFamily.INET6 ? SocketConstants.AF_INET6
                : pf == StandardProtocolFamily.UNIX ? SocketConstants.AF_UNIX : -1;
        if (family < 0) {
            throw new UnsupportedOperationException("Protocol family not supported");
        }
        FdHandle h = SocketFd.open(LoomUring.pollers(), family, SocketConstants.SOCK_STREAM);
        if (family == SocketConstants.AF_INET6) {
            Net.setInt(h.fd(), SocketConstants.IPPROTO_IPV6, SocketConstants.IPV6_V6ONLY, 0); // dual stack, as the JDK's
        }
        return new RingSocket(h, family, null, false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static RingSocket connectTo(SocketAddress remote, Duration timeout, SocketAddress local,
                                Map<SocketOption<?>, ?> options) throws IOException {
        int family = SockAddr.family(remote);
        FdHandle h = SocketFd.open(LoomUring.pollers(), family, SocketConstants.SOCK_STREAM);
        RingSocket s = new RingSocket(h, family, null, false);
        boolean ok = false;
        try {
            for (Map.Entry<SocketOption<?>, ?> e : options.entrySet()) {
                SockOpts.set(h.fd(), family, (SocketOption) e.getKey(), e.getValue());
            }
            if (local != null) {
                s.bind(local);
            }
            s.connectTo(remote, timeout);
            ok = true;
            return s;
        } finally {
            if (!ok) {
                h.close();
            }
        }
    }

    @Override
    public UringSocket bind(SocketAddress local) throws IOException {
        synchronized (stateLock) {
            checkOpen();
            if (bound || connecting) {
                throw new SocketException("Already bound");
            }
            if (local == null) {
                if (family == SocketConstants.AF_UNIX) {
                    return this;
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
        return this;
    }

    @Override
    public void connectTo(SocketAddress to, Duration timeout) throws IOException {
        IoEvents.socketConnect(to, timeout.toMillis(), () -> {
            connect0(to, timeout);
            return 0;
        });
    }

    private void connect0(SocketAddress to, Duration timeout) throws IOException {
        synchronized (stateLock) {
            checkOpen();
            if (connected || connecting) {
                throw new SocketException(connected ? "Already connected" : "Connection in progress");
            }
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
            synchronized (stateLock) {
                connecting = false;
                if (ok) {
                    bound = true;
                    remote = to;
                    connected = true;
                }
            }
        }
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    private void checkOpen() throws SocketException {
        if (h.isClosing()) {
            throw new SocketException("Socket closed");
        }
    }

    /** Open and connected, for reads, writes and shutdowns. */
    private void checkConnected() throws SocketException {
        checkOpen();
        if (!connected) {
            throw new SocketException("Socket is not connected");
        }
    }

    /** The exception for a failed read; remembers a reset for the reads after it. */
    private IOException readFailed(int r) {
        if (r == -io.loomuring.poller.kernel.Errno.ECONNRESET) {
            reset = true;
        }
        return Errors.forSocket(r, "read");
    }

    private void checkNotReset() throws SocketException {
        if (reset) {
            throw new SocketException("Connection reset");
        }
    }

    @Override
    public int available() throws IOException {
        checkConnected();
        int r = Net.ioctlInt(h.fd(), SocketConstants.FIONREAD);
        if (r < 0) {
            throw Errors.forSocket(r, "ioctl FIONREAD");
        }
        return r;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return (int) IoEvents.socketRead(remote, readTimeoutNanos / 1_000_000, () -> read0(dst));
    }

    private int read0(ByteBuffer dst) throws IOException {
        checkConnected();
        checkNotReset();
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        int len = dst.remaining();
        if (len == 0) {
            return 0;
        }
        int n;
        if (nonBlocking) {
            n = readNow(dst, len);
            if (n < 0) {
                return 0; // nothing now
            }
        } else if (dst.isDirect()) {
            n = recv(MemorySegment.ofBuffer(dst).address(), len, dst);
        } else {
            IoRing ring = Blocking.ringFor(h); // the buffers belong to the ring the read goes to
            ProvidedBuffers pb = ring.providedBuffers();
            n = pb != null ? recvProvided(ring, pb, dst, len) : NO_BUFFERS;
            if (n == NO_BUFFERS) {
                n = Bounce.readInto(dst, len, this::recv);
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
    private int recvProvided(IoRing ring, ProvidedBuffers pb, ByteBuffer dst, int len) throws IOException {
        SocketOp op = SocketOp.recvProvided(h.fd(), Math.min(len, pb.bufferSize()), pb.group());
        int r;
        try {
            r = Blocking.run(h, ring, op, readTimeoutNanos, Style.SOCKET, "Read");
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
            throw readFailed(r);
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
        return attempt(send, addr, len);
    }

    private int recv(long addr, int len, Object owner) throws IOException {
        long now = tryNow(false, addr, len);
        if (now >= 0) {
            return (int) now;
        }
        int r = Blocking.run(h, SocketOp.recv(h.fd(), addr, len, owner), readTimeoutNanos, Style.SOCKET, "Read");
        if (r < 0) {
            throw readFailed(r);
        }
        return r;
    }

    /** One non-blocking receive into {@code dst}: the count (0 at end of stream), or -1 when nothing is there. */
    private int readNow(ByteBuffer dst, int len) throws IOException {
        if (dst.isDirect()) {
            return (int) attempt(false, MemorySegment.ofBuffer(dst).address(), len);
        }
        return Bounce.readInto(dst, len, (addr, max, owner) -> (int) attempt(false, addr, max));
    }

    /** One non-blocking send of {@code src}'s remaining bytes: the count, 0 when the socket's buffer is full. */
    private int writeNow(ByteBuffer src) throws IOException {
        int len = src.remaining();
        int n;
        if (src.isDirect()) {
            n = (int) attempt(true, MemorySegment.ofBuffer(src).address(), len);
        } else {
            MemorySegment heap = MemorySegment.ofBuffer(src);
            n = Bounce.with(len, b -> {
                int chunk = (int) Math.min(len, b.capacity());
                MemorySegment.copy(heap, 0, b.segment(), 0, chunk);
                return (int) attempt(true, b.address(), chunk);
            });
        }
        if (n <= 0) {
            return 0;
        }
        src.position(src.position() + n);
        return n;
    }

    /** One {@code MSG_DONTWAIT} transfer: the count, or -1 for EAGAIN; other errors throw. */
    private long attempt(boolean send, long addr, long len) throws IOException {
        if (!h.begin()) {
            throw new SocketException("Socket closed");
        }
        long r;
        try {
            r = Net.tryTransfer(send, h.fd(), addr, len);
        } finally {
            h.end();
        }
        if (r >= 0) {
            return r;
        }
        if (r == -io.loomuring.poller.kernel.Errno.EAGAIN) {
            return -1;
        }
        throw send ? Errors.forSocket((int) r, "write") : readFailed((int) r);
    }

    @Override
    public FdHandle fdHandle() {
        return h;
    }

    @Override
    public void nonBlocking(boolean on) throws IOException {
        io.loomuring.internal.NonBlocking.configure(h, on);
        nonBlocking = on;
    }

    @Override
    public boolean isNonBlocking() {
        return nonBlocking;
    }

    @Override
    public boolean startConnect(SocketAddress to) throws IOException {
        synchronized (stateLock) {
            checkOpen();
            if (connected || connecting) {
                throw new SocketException(connected ? "Already connected" : "Connection in progress");
            }
            int r = io.loomuring.internal.NonBlocking.connect(h, to, family);
            if (r == 0) {
                bound = true;
                remote = to;
                connected = true;
                return true;
            }
            if (r != -io.loomuring.poller.kernel.Errno.EINPROGRESS) {
                throw Errors.forSocket(r, "connect to " + to);
            }
            connecting = true;
            bound = true;
            pending = to;
            return false;
        }
    }

    @Override
    public boolean finishConnect(boolean block) throws IOException {
        SocketAddress to;
        synchronized (stateLock) {
            checkOpen();
            if (connected) {
                return true;
            }
            if (!connecting) {
                throw new java.nio.channels.NoConnectionPendingException();
            }
            to = pending;
        }
        int ready = block
                ? Blocking.poll(h, io.loomuring.internal.NonBlocking.POLLOUT, 0, Style.SOCKET, "Connect")
                : io.loomuring.internal.NonBlocking.pollNow(h, io.loomuring.internal.NonBlocking.POLLOUT);
        if (ready < 0) {
            throw Errors.forSocket(ready, "connect to " + to);
        }
        if (ready == 0) {
            return false;
        }
        int err = (int) Net.getInt(h.fd(), SocketConstants.SOL_SOCKET, SocketConstants.SO_ERROR);
        synchronized (stateLock) {
            connecting = false;
            pending = null;
            if (err == 0) {
                remote = to;
                connected = true;
                return true;
            }
        }
        throw Errors.forSocket(err < 0 ? err : -err, "connect to " + to);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) IoEvents.socketWrite(remote, () -> write0(src));
    }

    private int write0(ByteBuffer src) throws IOException {
        checkConnected();
        if (nonBlocking) {
            return writeNow(src);
        }
        int len = Bounce.writeAll(src, this::sendAll);
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
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, srcs.length);
        return IoEvents.socketWrite(remote, () -> writev0(srcs, offset, length));
    }

    /**
     * Blocking mode: SENDMSGs over all the buffers until every byte is written, each one resuming
     * where the last stopped. Non-blocking mode: one {@code sendmsg(MSG_DONTWAIT)}, returning what
     * it took (0 when the socket's buffer is full).
     */
    private long writev0(ByteBuffer[] srcs, int offset, int length) throws IOException {
        checkConnected();
        long total = 0;
        while (true) {
            IoVec v = IoVec.gather(srcs, offset, length);
            if (v.count() == 0) {
                v.release();
                return total;
            }
            if (nonBlocking) {
                long r;
                try {
                    r = io.loomuring.internal.NonBlocking.transferv(h, true, true, v);
                    if (r > 0) {
                        v.done(r);
                    }
                } finally {
                    v.release();
                }
                if (r < 0 && !io.loomuring.internal.NonBlocking.wouldBlock(r)) {
                    throw Errors.forSocket((int) r, "write");
                }
                return Math.max(r, 0);
            }
            VectorOp op = VectorOp.msg(true, h.fd(), v);
            try {
                int r = Blocking.run(h, op, 0, Style.SOCKET, "Write");
                if (r < 0) {
                    throw Errors.forSocket(r, "write");
                }
                v.done(r);
                total += r;
            } finally {
                Blocking.release(op);
            }
        }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, dsts.length);
        checkConnected();
        checkNotReset();
        IoVec v = IoVec.scatter(dsts, offset, length, Bounce.HEAP_READ_MAX);
        if (v.count() == 0) {
            v.release();
            return 0;
        }
        long r;
        if (nonBlocking) {
            try {
                r = io.loomuring.internal.NonBlocking.transferv(h, false, true, v);
                if (r > 0) {
                    v.done(r);
                }
            } finally {
                v.release();
            }
            if (io.loomuring.internal.NonBlocking.wouldBlock(r)) {
                return 0; // nothing now
            }
        } else {
            VectorOp op = VectorOp.msg(false, h.fd(), v);
            try {
                r = Blocking.run(h, op, readTimeoutNanos, Style.SOCKET, "Read");
                if (r > 0) {
                    v.done(r);
                }
            } finally {
                Blocking.release(op);
            }
        }
        if (r < 0) {
            throw readFailed((int) r);
        }
        return r == 0 ? -1 : r;
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        checkConnected();
        if (nonBlocking) {
            long r = io.loomuring.internal.NonBlocking.sendUrgent(h, data);
            if (io.loomuring.internal.NonBlocking.wouldBlock(r)) {
                throw new IOException("Socket buffer full"); // at once, as the JDK's channel in non-blocking mode
            }
            if (r < 0) {
                throw Errors.forSocket((int) r, "send urgent data");
            }
            return;
        }
        Bounce.with(1, b -> {
            b.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) data);
            int r = Blocking.run(h, SocketOp.sendUrgent(h.fd(), b.address(), b), 0, Style.SOCKET, "Write");
            if (r < 0) {
                throw Errors.forSocket(r, "send urgent data");
            }
            return r;
        });
    }

    @Override
    public long write(MemorySegment src) throws IOException {
        if (!src.isNative()) {
            return write(src.asByteBuffer());
        }
        checkConnected();
        return IoEvents.socketWrite(remote, () -> {
            sendAll(src.address(), src.byteSize(), src);
            return src.byteSize();
        });
    }

    /**
     * Moves up to {@code len} bytes from this socket into pipe {@code pipeOut}, waiting for data as
     * a read does (bounded by the read timeout); returns the count, 0 at end of stream.
     */
    int spliceTo(int pipeOut, int len) throws IOException {
        checkOpen();
        checkNotReset();
        int r = Blocking.run(h, new io.loomuring.internal.op.SpliceOp(h.fd(), -1, pipeOut, -1, len),
                readTimeoutNanos, Style.SOCKET, "Read");
        if (r < 0) {
            throw readFailed(r);
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
        checkConnected();
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

    /** The remote address, or null when the socket is closed or the kernel no longer knows it (for events). */
    SocketAddress knownRemote() {
        try {
            return remoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public SocketAddress remoteAddress() throws IOException {
        checkOpen();
        SocketAddress r = remote;
        if (r == null && connected) {
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
    public void setInterruptPolicy(InterruptPolicy policy) {
        h.interruptPolicy(Interrupts.valueOf(policy.name()));
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

package io.loomuring.backend.uring;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.loomuring.InterruptPolicy;
import io.loomuring.LoomUring;
import io.loomuring.UringSocket;
import io.loomuring.backend.SockOpts;
import io.loomuring.internal.Blocking;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Net;
import io.loomuring.internal.NonBlocking;
import io.loomuring.internal.SocketFd;
import io.loomuring.internal.Style;
import io.loomuring.internal.jfr.IoEvents;
import io.loomuring.internal.memory.IoVec;
import io.loomuring.internal.memory.HeapCopy;
import io.loomuring.internal.memory.Lease;
import io.loomuring.internal.memory.SockAddr;
import io.loomuring.internal.op.SendZcOp;
import io.loomuring.internal.op.SimpleOp;
import io.loomuring.internal.op.SocketOp;
import io.loomuring.internal.op.SpliceOp;
import io.loomuring.internal.op.VectorOp;
import io.loomuring.poller.IoRing;
import io.loomuring.poller.Operation;
import io.loomuring.poller.ProvidedBuffers;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.spi.NonBlockingCapable;
import io.loomuring.spi.NonBlockingStream;

/**
 * {@link UringSocket} on io_uring. In blocking mode every transfer is one ring operation (or a
 * loop of them for a write) on the ring {@link Blocking#ringFor} picks; in non-blocking mode the
 * transfers are the {@link NonBlockingSocket}'s single system calls. A read takes one road per
 * call: a direct buffer in place; a heap buffer through one of the ring's provided buffers (none is
 * held while the peer is silent), or through a pooled buffer when the ring has none free.
 */
final class RingSocket extends UringSocket implements NonBlockingCapable {
    /** Most bytes one read into a heap buffer takes in. */
    static final int HEAP_READ_MAX = 64 * 1024;
    /**
     * Sends of at least this many bytes use {@code IORING_OP_SEND_ZC}; 0 (the default) never.
     * {@code bench/run zc} measures whether it pays: on loopback it did not (see the report).
     */
    static final int SEND_ZC_THRESHOLD = Integer.getInteger("loomuring.socket.sendZcThreshold", 0);

    private final FdHandle h;
    private final int family;
    private final SocketConnection conn;
    private final NonBlockingSocket nb;
    private volatile long readTimeoutNanos;
    private final SpareOp spareRecv = new SpareOp();  // the last receive, for the next
    private final SpareOp spareSend = new SpareOp();  // the last send, for the next
    private volatile boolean reset;          // a read saw ECONNRESET: later reads throw it again, as the JDK's do

    /** A connected socket ({@code accept}): {@code remote} may be null, then asked of the kernel. */
    RingSocket(FdHandle h, int family, SocketAddress remote) {
        this(h, family, remote, true);
    }

    private RingSocket(FdHandle h, int family, SocketAddress remote, boolean connected) {
        this.h = h;
        this.family = family;
        this.conn = new SocketConnection(h, family, remote, connected);
        this.nb = new NonBlockingSocket(this, h);
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
    public NonBlockingStream nonBlockingSide() {
        return nb;
    }

    // ------------------------------------------------------------------ connection

    @Override
    public UringSocket bind(SocketAddress local) throws IOException {
        conn.bind(local);
        return this;
    }

    @Override
    public void connectTo(SocketAddress to, Duration timeout) throws IOException {
        IoEvents.socketConnect(to, timeout.toMillis(), () -> {
            conn.connect(to, timeout);
            return 0;
        });
    }

    /** Non-blocking mode's connect (see {@link NonBlockingStream#startConnect}). */
    boolean startConnect(SocketAddress to) throws IOException {
        return conn.startConnect(to);
    }

    /** Non-blocking mode's connect, its end (see {@link NonBlockingStream#finishConnect}). */
    boolean finishConnect(boolean block) throws IOException {
        return conn.finishConnect(block);
    }

    @Override
    public boolean isConnected() {
        return conn.isConnected();
    }

    /** The exception for a failed read; remembers a reset for the reads after it. */
    IOException readFailed(int r) {
        if (r == -Errno.ECONNRESET) {
            reset = true;
        }
        return Errors.forSocket(r, "read");
    }

    /** Open, connected and not reset: a read may start. */
    private void checkReadable() throws SocketException {
        conn.checkConnected();
        if (reset) {
            throw new SocketException("Connection reset");
        }
    }

    // ------------------------------------------------------------------ reads

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!IoEvents.socketReadOn()) {
            return read0(dst);
        }
        return (int) IoEvents.socketRead(conn.knownRemote(), readTimeoutNanos / 1_000_000, () -> read0(dst));
    }

    /** As {@link #read(ByteBuffer)}, into the array itself: no buffer is made for it. */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (!IoEvents.socketReadOn()) {
            return readArray(b, off, len);
        }
        return (int) IoEvents.socketRead(conn.knownRemote(), readTimeoutNanos / 1_000_000, () -> readArray(b, off, len));
    }

    private int read0(ByteBuffer dst) throws IOException {
        checkReadable();
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (nb.isNonBlocking()) {
            return nb.read(dst);
        }
        int n = dst.isDirect() ? recvDirect(dst) : recvHeap(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        if (n > 0) {
            dst.position(dst.position() + n);
        }
        return n;
    }

    private int readArray(byte[] b, int off, int len) throws IOException {
        checkReadable();
        if (len == 0) {
            return 0;
        }
        if (nb.isNonBlocking()) {
            return nb.read(ByteBuffer.wrap(b, off, len));
        }
        return recvHeap(b, off, len);
    }

    /**
     * A receive into {@code b[off, off+len)} through a provided buffer of the ring the read goes to
     * or, when they are all taken (or the ring has none), a pooled buffer; then copied out. At most
     * {@link #HEAP_READ_MAX} bytes. The count, or -1 at end of stream.
     */
    private int recvHeap(byte[] b, int off, int len) throws IOException {
        IoRing ring = Blocking.ringFor(h); // provided buffers belong to the ring the read goes to
        ProvidedBuffers pb = ring.providedBuffers();
        int n = Math.min(len, HEAP_READ_MAX);
        if (pb != null) {
            SocketOp op = SocketOp.recvProvided(spareRecv.take(), h.fd(), n, pb);
            try {
                int r = received(Blocking.run(h, ring, op, readTimeoutNanos, Style.SOCKET, "Read"), true);
                if (r != NO_BUFFER) {
                    if (r > 0) {
                        MemorySegment.copy(op.providedData(), JAVA_BYTE, 0, b, off, r);
                    }
                    return r;
                }
            } finally {
                Blocking.release(op);
                spareRecv.keep(op, h);
            }
        }
        try (Lease mem = Lease.pooled(n)) {
            if (pb != null) {
                // Every provided buffer was taken — typically when many receives completed at once
                // and their threads have not yet copied out: the data is most likely there, so one
                // recv(MSG_DONTWAIT) takes it rather than a second trip through the ring.
                int r = tryRecv(mem, n);
                if (r != -Errno.EAGAIN) {
                    r = received(r, false);
                    if (r > 0) {
                        MemorySegment.copy(mem.segment(), JAVA_BYTE, 0, b, off, r);
                    }
                    return r;
                }
            }
            SocketOp op = SocketOp.recv(spareRecv.take(), h.fd(), mem, n);
            try {
                int r = received(Blocking.run(h, ring, op, readTimeoutNanos, Style.SOCKET, "Read"), false);
                if (r > 0) {
                    MemorySegment.copy(mem.segment(), JAVA_BYTE, 0, b, off, r);
                }
                return r;
            } finally {
                Blocking.release(op);
                spareRecv.keep(op, h);
            }
        }
    }

    /** One {@code recv(MSG_DONTWAIT)} into {@code mem} on this thread: the count or {@code -errno}. */
    private int tryRecv(Lease mem, int n) throws IOException {
        try {
            return (int) NonBlocking.socketTransfer(h, false, mem.address(), n);
        } catch (ClosedChannelException e) {
            throw Style.SOCKET.closed();
        }
    }

    /** A receive into direct buffer {@code dst}'s remaining bytes, in place: the count, or -1 at end of stream. */
    private int recvDirect(ByteBuffer dst) throws IOException {
        try (Lease mem = Lease.of(dst)) {
            SocketOp op = SocketOp.recv(spareRecv.take(), h.fd(), mem, dst.remaining());
            try {
                return received(Blocking.run(h, op, readTimeoutNanos, Style.SOCKET, "Read"), false);
            } finally {
                Blocking.release(op);
                spareRecv.keep(op, h);
            }
        }
    }

    /** {@link #received}: the ring's provided buffers were all taken. */
    private static final int NO_BUFFER = Integer.MIN_VALUE;

    /**
     * A receive's CQE result as a read's: the count, -1 at end of stream, {@link #NO_BUFFER} (a
     * {@code provided}-buffer receive found none); an error thrown.
     */
    private int received(int r, boolean provided) throws IOException {
        if (r == -Errno.ENOBUFS && provided) {
            return NO_BUFFER;
        }
        if (r < 0) {
            throw readFailed(r);
        }
        return r == 0 ? -1 : r;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        checkReadable();
        if (nb.isNonBlocking()) {
            return nb.read(dsts, offset, length);
        }
        IoVec v = IoVec.scatter(dsts, offset, length, HEAP_READ_MAX);
        if (v.count() == 0) {
            v.release();
            return 0;
        }
        VectorOp op = VectorOp.msg(false, h.fd(), v);
        try {
            int r = Blocking.run(h, op, readTimeoutNanos, Style.SOCKET, "Read");
            if (r < 0) {
                throw readFailed(r);
            }
            v.done(r);
            return r == 0 ? -1 : r;
        } finally {
            Blocking.release(op);
        }
    }

    @Override
    public int available() throws IOException {
        conn.checkConnected();
        int r = Net.ioctlInt(h.fd(), SocketConstants.FIONREAD);
        if (r < 0) {
            throw Errors.forSocket(r, "ioctl FIONREAD");
        }
        return r;
    }

    // ------------------------------------------------------------------ writes

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!IoEvents.socketWriteOn()) {
            return write0(src);
        }
        return (int) IoEvents.socketWrite(conn.knownRemote(), () -> write0(src));
    }

    /** As {@link #write(ByteBuffer)}, from the array itself: no buffer is made for it. */
    @Override
    public int write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (!IoEvents.socketWriteOn()) {
            return writeArray(b, off, len);
        }
        return (int) IoEvents.socketWrite(conn.knownRemote(), () -> writeArray(b, off, len));
    }

    private int write0(ByteBuffer src) throws IOException {
        conn.checkConnected();
        if (nb.isNonBlocking()) {
            return nb.write(src);
        }
        int len = src.remaining();
        if (src.isDirect()) {
            try (Lease mem = Lease.of(src)) {
                sendAll(mem, len);
            }
        } else {
            sendHeap(src, null, 0, len);
        }
        src.position(src.position() + len);
        return len;
    }

    private int writeArray(byte[] b, int off, int len) throws IOException {
        conn.checkConnected();
        if (nb.isNonBlocking()) {
            return nb.write(ByteBuffer.wrap(b, off, len));
        }
        sendHeap(null, b, off, len);
        return len;
    }

    /**
     * Sends {@code len} heap bytes — {@code src}'s remaining ones, or else {@code b[off, off+len)} —
     * through pooled buffers, copied in one buffer's worth at a time.
     */
    private void sendHeap(ByteBuffer src, byte[] b, int off, int len) throws IOException {
        for (int done = 0; done < len; ) {
            try (Lease mem = Lease.pooled(len - done)) {
                int chunk = mem.size();
                if (src != null) {
                    HeapCopy.fromHeap(src, done, mem.segment(), 0, chunk);
                } else {
                    MemorySegment.copy(b, off + done, mem.segment(), JAVA_BYTE, 0, chunk);
                }
                sendAll(mem, chunk);
                done += chunk;
            }
        }
    }

    @Override
    public long write(MemorySegment src) throws IOException {
        if (!src.isNative()) {
            return write(src.asByteBuffer());
        }
        conn.checkConnected();
        return IoEvents.socketWrite(conn.knownRemote(), () -> {
            try (Lease mem = Lease.of(src)) {
                for (long done = 0; done < src.byteSize(); done += 1 << 30) { // a send takes an int length
                    int chunk = (int) Math.min(src.byteSize() - done, 1 << 30);
                    try (Lease part = mem.slice(done)) {
                        sendAll(part, chunk);
                    }
                }
            }
            return src.byteSize();
        });
    }

    /** Sends {@code len} bytes of {@code mem}, operation after operation until all are taken. */
    private void sendAll(Lease mem, int len) throws IOException {
        for (int done = 0; done < len; ) {
            try (Lease rest = done == 0 ? mem.retain() : mem.slice(done)) { // no slice for a first send
                int n = len - done;
                Operation op = SEND_ZC_THRESHOLD > 0 && n >= SEND_ZC_THRESHOLD
                        ? new SendZcOp(h.fd(), rest, n) : SocketOp.send(spareSend.take(), h.fd(), rest, n);
                try {
                    int r = Blocking.run(h, op, 0, Style.SOCKET, "Write");
                    if (r < 0) {
                        throw Errors.forSocket(r, "write");
                    }
                    done += r;
                } finally {
                    Blocking.release(op);
                    if (op instanceof SocketOp sent) {
                        spareSend.keep(sent, h);
                    }
                }
            }
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        if (!IoEvents.socketWriteOn()) {
            return writev0(srcs, offset, length);
        }
        return IoEvents.socketWrite(conn.knownRemote(), () -> writev0(srcs, offset, length));
    }

    /** SENDMSGs over all the buffers until every byte is written, each resuming where the last stopped. */
    private long writev0(ByteBuffer[] srcs, int offset, int length) throws IOException {
        conn.checkConnected();
        if (nb.isNonBlocking()) {
            return nb.write(srcs, offset, length);
        }
        long total = 0;
        while (true) {
            IoVec v = IoVec.gather(srcs, offset, length);
            if (v.count() == 0) {
                v.release();
                return total;
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
    public void sendUrgentData(int data) throws IOException {
        conn.checkConnected();
        if (nb.isNonBlocking()) {
            nb.sendUrgentData(data);
            return;
        }
        try (Lease mem = Lease.pooled(1)) {
            mem.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) data);
            SocketOp op = SocketOp.sendUrgent(h.fd(), mem);
            try {
                int r = Blocking.run(h, op, 0, Style.SOCKET, "Write");
                if (r < 0) {
                    throw Errors.forSocket(r, "send urgent data");
                }
            } finally {
                Blocking.release(op);
            }
        }
    }

    // ------------------------------------------------------------------ splice, shutdown

    /**
     * Moves up to {@code len} bytes from this socket into pipe {@code pipeOut}, waiting for data as
     * a read does (bounded by the read timeout); returns the count, 0 at end of stream.
     */
    int spliceTo(int pipeOut, int len) throws IOException {
        conn.checkOpen();
        if (reset) {
            throw new SocketException("Connection reset");
        }
        int r = Blocking.run(h, new SpliceOp(h.fd(), -1, pipeOut, -1, len), readTimeoutNanos, Style.SOCKET, "Read");
        if (r < 0) {
            throw readFailed(r);
        }
        return r;
    }

    /** Moves up to {@code len} bytes from pipe {@code pipeIn} into this socket; returns the count. */
    int splice(int pipeIn, int len) throws IOException {
        conn.checkOpen();
        int r = Blocking.run(h, new SpliceOp(pipeIn, -1, h.fd(), -1, len), 0, Style.SOCKET, "Write");
        if (r < 0) {
            throw Errors.forSocket(r, "write");
        }
        if (r == 0) {
            throw new SocketException("splice into the socket made no progress");
        }
        return r;
    }

    private void shutdown(int how) throws IOException {
        conn.checkConnected();
        int r = Blocking.run(h, SimpleOp.shutdown(h.fd(), how), 0, Style.SOCKET, "Shutdown");
        if (r < 0 && r != -Errno.ENOTCONN) {
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

    // ------------------------------------------------------------------ addresses, options, close

    @Override
    public SocketAddress localAddress() throws IOException {
        conn.checkOpen();
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
        conn.checkOpen();
        return conn.remote();
    }

    @Override
    public <T> UringSocket setOption(SocketOption<T> name, T value) throws IOException {
        conn.checkOpen();
        SockOpts.set(h.fd(), family, name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        conn.checkOpen();
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
        h.interruptPolicy(policy);
    }

    @Override
    public boolean isOpen() {
        return !h.isClosing();
    }

    @Override
    public void close() {
        h.close();
    }

    @Override
    public String toString() {
        return "UringSocket[" + h + ", remote=" + conn.knownRemote() + "]";
    }
}

package io.loomuring;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

import io.loomuring.internal.Blocking;
import io.loomuring.internal.Bounce;
import io.loomuring.internal.BufferPool;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.LibC;
import io.loomuring.internal.Scratch;
import io.loomuring.internal.Style;
import io.loomuring.internal.jfr.FileOpenEvent;
import io.loomuring.internal.jfr.FileForceEvent;
import io.loomuring.internal.jfr.FileTransferEvent;
import io.loomuring.internal.jfr.FileReadEvent;
import io.loomuring.internal.jfr.FileWriteEvent;
import io.loomuring.internal.op.PathOp;
import io.loomuring.internal.op.RwOp;
import io.loomuring.internal.op.SimpleOp;
import io.loomuring.internal.op.SpliceOp;
import io.loomuring.internal.op.VectorOp;
import io.loomuring.poller.CarrierScheduler;
import io.loomuring.poller.PollerGroup;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.FileFlags;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.StatxLayout;

/**
 * {@link UringFile} on io_uring. Reads first try {@code preadv2(RWF_NOWAIT)} from the calling
 * thread — a page-cache hit costs no ring round trip — and go to the ring on {@code EAGAIN};
 * {@code -Dloomuring.file.nowait=false} turns that off.
 */
final class RingFile extends UringFile {
    /** Whether reads try the page cache first with {@code preadv2(RWF_NOWAIT)}. */
    static final boolean NOWAIT = !"false".equals(System.getProperty("loomuring.file.nowait"));
    private static final int STATX_MASK = StatxLayout.STATX_BASIC_STATS | StatxLayout.STATX_DIOALIGN;

    private final Path path;
    private final FdHandle h;
    private final OpenSpec spec;
    private final int memAlign;        // O_DIRECT buffer alignment
    private final int offAlign;        // O_DIRECT offset/length alignment
    private final ReentrantLock positionLock = new ReentrantLock();
    private long position;             // positionLock held
    private volatile boolean nowait;   // cleared if the file system refuses RWF_NOWAIT
    private int nowaitMisses;          // racy heuristic: recent EAGAINs (+2) against hits (-1)
    private int nowaitSkips;           // racy heuristic: reads sent straight to the ring
    private static final int MISS_LIMIT = 64;
    private static final int PROBE_EVERY = 32;

    private RingFile(Path path, FdHandle h, OpenSpec spec, int memAlign, int offAlign) {
        this.path = path;
        this.h = h;
        this.spec = spec;
        this.memAlign = memAlign;
        this.offAlign = offAlign;
        this.nowait = NOWAIT && !spec.direct();
    }

    static RingFile open(Path path, OpenSpec spec) throws IOException {
        FileOpenEvent e = new FileOpenEvent();
        if (!e.isEnabled()) {
            return open0(path, spec);
        }
        e.begin();
        try {
            return open0(path, spec);
        } finally {
            e.end();
            if (e.shouldCommit()) {
                e.path = path.toString();
                e.commit();
            }
        }
    }

    private static RingFile open0(Path path, OpenSpec spec) throws IOException {
        PollerGroup group = LoomUring.pollers();
        PathOp op = PathOp.openat(path, spec.flags(), spec.mode());
        int fd;
        try {
            fd = CarrierScheduler.ringOr(group.any()).execute(op);
        } finally {
            Blocking.release(op);
        }
        if (fd == -Errno.ELOOP && (spec.flags() & FileFlags.O_NOFOLLOW) != 0) {
            // As FileChannel.open: a plain IOException for a link met with NOFOLLOW_LINKS.
            throw new IOException(path + ": Too many levels of symbolic links (ELOOP) (NOFOLLOW_LINKS specified)");
        }
        if (fd < 0) {
            throw Errors.forPath(fd, path.toString(), null, "open");
        }
        FdHandle h = new FdHandle(fd, group.forFd(fd));
        int mem = 0, off = 0;
        if (spec.direct()) {
            try {
                FileStat st = stat(h, path);
                // Kernels before 6.1 do not report the alignment: the logical block size, 512, is
                // the classic requirement; 4096 is safe on every device.
                mem = st.dioMemAlign() > 0 ? st.dioMemAlign() : 4096;
                off = st.dioOffsetAlign() > 0 ? st.dioOffsetAlign() : 4096;
            } catch (IOException | RuntimeException e) {
                h.close();
                throw e;
            }
        }
        return new RingFile(path, h, spec, mem, off);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Path descriptorPath() throws IOException {
        if (h.isClosing()) {
            throw new java.nio.channels.ClosedChannelException();
        }
        return Path.of("/proc/self/fd/" + h.fd());
    }

    private void checkReadable() throws ClosedChannelException {
        if (h.isClosing()) {
            throw new ClosedChannelException();
        }
        if (!spec.read()) {
            throw new NonReadableChannelException();
        }
    }

    private void checkWritable() throws ClosedChannelException {
        if (h.isClosing()) {
            throw new ClosedChannelException();
        }
        if (!spec.write()) {
            throw new NonWritableChannelException();
        }
    }

    private static void checkPosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("Negative position");
        }
    }

    private void checkDirect(long addr, long position, long len) {
        if (!spec.direct()) {
            return;
        }
        if (addr % memAlign != 0) {
            throw new IllegalArgumentException("O_DIRECT on " + path + " needs buffer addresses aligned to "
                    + memAlign + " bytes (dio_mem_align); this buffer is at 0x" + Long.toHexString(addr));
        }
        if (position % offAlign != 0 || len % offAlign != 0) {
            throw new IllegalArgumentException("O_DIRECT on " + path + " needs positions and lengths that are "
                    + "multiples of " + offAlign + " bytes (dio_offset_align); got position " + position
                    + ", length " + len);
        }
    }

    // ---------------------------------------------------------------- the two primitives

    /**
     * One read of up to {@code len} bytes into native memory at {@code addr} (kept reachable by
     * {@code owner}). Returns the count, 0 at end of file.
     *
     * <p>First, unless the file keeps missing the page cache, a {@code preadv2(RWF_NOWAIT)} from
     * the calling thread: it either copies from the page cache at once or answers EAGAIN without
     * blocking. Only then the ring.
     */
    private int readOnce(long addr, int len, long position, Object owner) throws IOException {
        if (tryNowait()) {
            if (!h.begin()) {
                throw new ClosedChannelException();
            }
            long r;
            MemorySegment scratch = Scratch.take();
            try {
                r = LibC.preadv2(scratch, h.fd(), addr, len, position, FileFlags.RWF_NOWAIT);
            } finally {
                Scratch.put(scratch);
                h.end();
            }
            if (r >= 0) {
                nowaitMisses = Math.max(0, nowaitMisses - 1);
                return (int) r;
            }
            if (r == -Errno.EOPNOTSUPP || r == -Errno.ESPIPE) {
                nowait = false; // a file system without RWF_NOWAIT, or a FIFO: the ring only
            } else if (r == -Errno.EAGAIN) {
                nowaitMisses = Math.min(MISS_LIMIT, nowaitMisses + 2);
            } else {
                throw Errors.forFd((int) r, "read of " + path);
            }
        }
        RwOp op = RwOp.read(h.fd(), addr, len, position, owner);
        int r = Blocking.run(h, op, 0, Style.CHANNEL, "Read");
        if (r < 0) {
            throw Errors.forFd(r, "read of " + path);
        }
        return r;
    }

    /**
     * Whether to try the page cache first. A file whose reads keep missing (EAGAIN costs a system
     * call) stops trying, and probes again every {@code PROBE_EVERY} reads. The counters are
     * heuristics: racy updates between threads only shift the guess.
     */
    private boolean tryNowait() {
        if (!nowait || Thread.currentThread().isInterrupted()) {
            return false;
        }
        if (nowaitMisses < MISS_LIMIT) {
            return true;
        }
        return (++nowaitSkips & (PROBE_EVERY - 1)) == 0;
    }

    /** Writes all {@code len} bytes from native memory at {@code addr}, looping on short writes. */
    private void writeAll(long addr, long len, long position, Object owner) throws IOException {
        long done = 0;
        while (done < len) {
            int chunk = (int) Math.min(len - done, 1 << 30);
            long at = spec.append() ? -1 : position + done;
            RwOp op = RwOp.write(h.fd(), addr + done, chunk, at, owner);
            int r = Blocking.run(h, op, 0, Style.CHANNEL, "Write");
            if (r < 0) {
                throw Errors.forFd(r, "write to " + path);
            }
            if (r == 0) {
                throw Errors.forFd(-Errno.EIO, "write to " + path + " made no progress");
            }
            done += r;
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        FileReadEvent e = new FileReadEvent();
        if (!e.isEnabled()) {
            return read0(dst, position);
        }
        int n = 0;
        e.begin();
        try {
            n = read0(dst, position);
            return n;
        } finally {
            e.end();
            if (e.shouldCommit()) {
                e.path = path.toString();
                e.bytesRead = Math.max(n, 0);
                e.endOfFile = n < 0;
                e.commit();
            }
        }
    }

    private int read0(ByteBuffer dst, long position) throws IOException {
        checkPosition(position);
        checkReadable();
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        int len = dst.remaining();
        if (len == 0) {
            return 0;
        }
        int n;
        if (dst.isDirect()) {
            long addr = MemorySegment.ofBuffer(dst).address();
            checkDirect(addr, position, len);
            n = readOnce(addr, len, position, dst);
        } else {
            n = readHeap(dst, len, position);
        }
        if (n == 0) {
            return -1;
        }
        dst.position(dst.position() + n);
        return n;
    }

    /**
     * A read into a heap buffer, through pooled native buffers. A regular file is read until
     * {@code dst} is full or the file ends, as one {@code pread} of the JDK's would (its temporary
     * direct buffer is as large as {@code dst}); anything else (a FIFO, a device) takes one chunk,
     * so that a read never waits for more than the first data.
     */
    private int readHeap(ByteBuffer dst, int len, long position) throws IOException {
        MemorySegment target = MemorySegment.ofBuffer(dst);
        int total = 0;
        while (total < len) {
            int from = total;
            int[] asked = new int[1];
            int k = Bounce.with(len - from, b -> {
                int chunk = Math.min(len - from, b.capacity());
                asked[0] = chunk;
                checkDirect(b.address(), position + from, chunk);
                int got = readOnce(b.address(), chunk, position + from, b);
                MemorySegment.copy(b.segment(), 0, target, from, got);
                return got;
            });
            total += k;
            if (k < asked[0] || total == len || !regularFile()) {
                break;
            }
        }
        return total;
    }

    private volatile Boolean regular;   // whether the file is a regular file, learned on the first large heap read

    private boolean regularFile() throws IOException {
        Boolean r = regular;
        if (r == null) {
            regular = r = stat(h, path).isRegularFile();
        }
        return r;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        checkReadable();
        positionLock.lock();
        try {
            int n = read(dst, position);
            if (n > 0) {
                position += n;
            }
            return n;
        } finally {
            positionLock.unlock();
        }
    }

    @Override
    public long read(MemorySegment dst, long position) throws IOException {
        if (!dst.isNative()) {
            return read(dst.asByteBuffer(), position);
        }
        checkPosition(position);
        checkReadable();
        long total = 0;
        while (total < dst.byteSize()) {
            int len = (int) Math.min(dst.byteSize() - total, 1 << 30);
            checkDirect(dst.address() + total, position + total, len);
            int n = readOnce(dst.address() + total, len, position + total, dst);
            if (n == 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, dsts.length);
        checkReadable();
        boolean allDirect = length <= VectorOp.IOV_MAX && !spec.direct();
        for (int i = offset; i < offset + length; i++) {
            allDirect &= dsts[i].isDirect() && !dsts[i].isReadOnly();
            if (dsts[i].isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer");
            }
        }
        positionLock.lock();
        try {
            long n;
            if (allDirect) {
                VectorOp op = new VectorOp(false, h.fd(), dsts, offset, length, position);
                try {
                    int r = Blocking.run(h, op, 0, Style.CHANNEL, "Read");
                    if (r < 0) {
                        throw Errors.forFd(r, "readv of " + path);
                    }
                    n = r;
                } finally {
                    Blocking.release(op);
                }
                long left = n;
                for (int i = offset; i < offset + length && left > 0; i++) {
                    int k = (int) Math.min(left, dsts[i].remaining());
                    dsts[i].position(dsts[i].position() + k);
                    left -= k;
                }
            } else {
                n = 0;
                for (int i = offset; i < offset + length; i++) {
                    if (!dsts[i].hasRemaining()) {
                        continue;
                    }
                    int want = dsts[i].remaining();
                    int k = read(dsts[i], position + n);
                    if (k <= 0) {
                        break;
                    }
                    n += k;
                    if (k < want) {
                        break;
                    }
                }
            }
            if (n == 0) {
                boolean any = false;
                for (int i = offset; i < offset + length; i++) {
                    any |= dsts[i].hasRemaining();
                }
                return any ? -1 : 0;
            }
            position += n;
            return n;
        } finally {
            positionLock.unlock();
        }
    }

    // ---------------------------------------------------------------- writes

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        FileWriteEvent e = new FileWriteEvent();
        if (!e.isEnabled()) {
            return write0(src, position);
        }
        int n = 0;
        e.begin();
        try {
            n = write0(src, position);
            return n;
        } finally {
            e.end();
            if (e.shouldCommit()) {
                e.path = path.toString();
                e.bytesWritten = n;
                e.commit();
            }
        }
    }

    private int write0(ByteBuffer src, long position) throws IOException {
        checkPosition(position);
        checkWritable();
        int len = src.remaining();
        if (len == 0) {
            return 0;
        }
        if (src.isDirect()) {
            long addr = MemorySegment.ofBuffer(src).address();
            checkDirect(addr, position, len);
            writeAll(addr, len, position, src);
        } else {
            MemorySegment heap = MemorySegment.ofBuffer(src);
            int done = 0;
            while (done < len) {
                int from = done;
                done += Bounce.with(len - done, b -> {
                    int chunk = Math.min(len - from, b.capacity());
                    checkDirect(b.address(), position + from, chunk);
                    MemorySegment.copy(heap, from, b.segment(), 0, chunk);
                    writeAll(b.address(), chunk, position + from, b);
                    return chunk;
                });
            }
        }
        src.position(src.position() + len);
        return len;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        checkWritable();
        positionLock.lock();
        try {
            int n = write(src, position);
            position += n;
            return n;
        } finally {
            positionLock.unlock();
        }
    }

    @Override
    public long write(MemorySegment src, long position) throws IOException {
        if (!src.isNative()) {
            return write(src.asByteBuffer(), position);
        }
        checkPosition(position);
        checkWritable();
        checkDirect(src.address(), position, src.byteSize());
        writeAll(src.address(), src.byteSize(), position, src);
        return src.byteSize();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, srcs.length);
        checkWritable();
        boolean allDirect = length <= VectorOp.IOV_MAX && !spec.direct();
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            allDirect &= srcs[i].isDirect();
            total += srcs[i].remaining();
        }
        positionLock.lock();
        try {
            if (allDirect && total > 0) {
                long done = 0;
                int first = offset;
                while (done < total) {
                    while (!srcs[first].hasRemaining()) {
                        first++;
                    }
                    VectorOp op = new VectorOp(true, h.fd(), srcs, first, offset + length - first,
                            spec.append() ? -1 : position + done);
                    int r;
                    try {
                        r = Blocking.run(h, op, 0, Style.CHANNEL, "Write");
                    } finally {
                        Blocking.release(op);
                    }
                    if (r <= 0) {
                        throw Errors.forFd(r == 0 ? -Errno.EIO : r, "writev to " + path);
                    }
                    long left = r;
                    for (int i = first; i < offset + length && left > 0; i++) {
                        int k = (int) Math.min(left, srcs[i].remaining());
                        srcs[i].position(srcs[i].position() + k);
                        left -= k;
                    }
                    done += r;
                }
            } else {
                for (int i = offset; i < offset + length; i++) {
                    write(srcs[i], position + (total - remaining(srcs, offset, length)));
                }
            }
            position += total;
            return total;
        } finally {
            positionLock.unlock();
        }
    }

    private static long remaining(ByteBuffer[] bs, int offset, int length) {
        long r = 0;
        for (int i = offset; i < offset + length; i++) {
            r += bs[i].remaining();
        }
        return r;
    }

    // ---------------------------------------------------------------- transfer

    /** The pipe's default capacity: the most one splice moves, and the copy paths' buffer. */
    private static final int SPLICE_CHUNK = 64 * 1024;
    /**
     * The capacity a transfer asks its pipe for: every chunk costs two ring round trips, so a
     * 1 MiB pipe (the default {@code pipe-max-size}) needs 16 times fewer than the default 64 KiB.
     */
    private static final int PIPE_WANTED = 1 << 20;

    /** A pipe for one transfer, grown where the kernel allows: {read end, write end, capacity}. */
    private static int[] transferPipe(String what) throws IOException {
        int[] pipe = LibC.pipe();
        if (pipe.length == 1) {
            throw Errors.forFd(pipe[0], "pipe for " + what);
        }
        int cap = LibC.setPipeSize(pipe[1], PIPE_WANTED);
        return new int[] {pipe[0], pipe[1], cap > 0 ? cap : SPLICE_CHUNK};
    }

    @Override
    public long transferTo(long position, long count, UringSocket target) throws IOException {
        FileTransferEvent e = new FileTransferEvent();
        if (!e.isEnabled()) {
            return transferTo0(position, count, target);
        }
        long n = 0;
        e.begin();
        try {
            n = transferTo0(position, count, target);
            return n;
        } finally {
            e.end();
            if (e.shouldCommit()) {
                e.path = path.toString();
                e.toSocket = true;
                e.bytes = n;
                e.commit();
            }
        }
    }

    private long transferTo0(long position, long count, UringSocket target) throws IOException {
        checkPosition(position);
        if (count < 0) {
            throw new IllegalArgumentException("Negative count");
        }
        checkReadable();
        if (!(target instanceof RingSocket sock) || !h.poller().supports(Opcode.SPLICE)) {
            return copy(this, position, count, target);
        }
        int[] pipe = transferPipe("transferTo");
        long done = 0;
        try {
            while (done < count) {
                int want = (int) Math.min(count - done, pipe[2]);
                int in = Blocking.run(h, new SpliceOp(h.fd(), position + done, pipe[1], -1, want), 0,
                        Style.CHANNEL, "transferTo");
                if (in < 0) {
                    throw Errors.forFd(in, "splice from " + path);
                }
                if (in == 0) {
                    break; // end of file
                }
                for (int left = in; left > 0; ) {
                    int out = sock.splice(pipe[0], left);
                    left -= out;
                }
                done += in;
            }
            return done;
        } finally {
            LibC.close(pipe[0]);
            LibC.close(pipe[1]);
        }
    }

    @Override
    public long transferFrom(UringSocket src, long position, long count) throws IOException {
        FileTransferEvent e = new FileTransferEvent();
        if (!e.isEnabled()) {
            return transferFrom0(src, position, count);
        }
        long n = 0;
        e.begin();
        try {
            n = transferFrom0(src, position, count);
            return n;
        } finally {
            e.end();
            if (e.shouldCommit()) {
                e.path = path.toString();
                e.bytes = n;
                e.commit();
            }
        }
    }

    private long transferFrom0(UringSocket src, long position, long count) throws IOException {
        checkPosition(position);
        if (count < 0) {
            throw new IllegalArgumentException("Negative count");
        }
        checkWritable();
        if (!(src instanceof RingSocket sock) || spec.append() || !h.poller().supports(Opcode.SPLICE)) {
            return copyFrom(src, this, position, count);
        }
        int[] pipe = transferPipe("transferFrom");
        long done = 0;
        try {
            while (done < count) {
                int in = sock.spliceTo(pipe[1], (int) Math.min(count - done, pipe[2]));
                if (in == 0) {
                    break; // end of stream
                }
                for (int left = in; left > 0; ) {
                    int out = Blocking.run(h, new SpliceOp(pipe[0], -1, h.fd(), position + done + (in - left), left),
                            0, Style.CHANNEL, "transferFrom");
                    if (out < 0) {
                        throw Errors.forFd(out, "splice into " + path);
                    }
                    if (out == 0) {
                        throw new IOException("splice into " + path + " made no progress");
                    }
                    left -= out;
                }
                done += in;
            }
            return done;
        } finally { // every splice has completed: Blocking.run returns only after the CQE
            LibC.close(pipe[0]);
            LibC.close(pipe[1]);
        }
    }

    /** transferFrom through a buffer: for the JDK backend, APPEND files and sources without splice. */
    static long copyFrom(UringSocket src, UringFile to, long position, long count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(Math.max(count, 1), SPLICE_CHUNK));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            int n = src.read(buf);
            if (n < 0) {
                break;
            }
            buf.flip();
            while (buf.hasRemaining()) {
                to.write(buf, position + done + (n - buf.remaining()));
            }
            done += n;
        }
        return done;
    }

    /** transferTo through a buffer: for the JDK backend and targets without splice. */
    static long copy(UringFile from, long position, long count, UringSocket target) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(Math.max(count, 1), SPLICE_CHUNK));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            int n = from.read(buf, position + done);
            if (n < 0) {
                break;
            }
            target.write(buf.flip());
            done += n;
        }
        return done;
    }

    // ---------------------------------------------------------------- the rest

    @Override
    public long position() throws IOException {
        if (h.isClosing()) {
            throw new ClosedChannelException();
        }
        if (spec.append()) {
            return size();
        }
        positionLock.lock();
        try {
            return position;
        } finally {
            positionLock.unlock();
        }
    }

    @Override
    public UringFile position(long newPosition) throws IOException {
        checkPosition(newPosition);
        if (h.isClosing()) {
            throw new ClosedChannelException();
        }
        positionLock.lock();
        try {
            position = newPosition;
        } finally {
            positionLock.unlock();
        }
        return this;
    }

    @Override
    public long size() throws IOException {
        return stat().size();
    }

    @Override
    public FileStat stat() throws IOException {
        if (h.isClosing()) {
            throw new ClosedChannelException();
        }
        return stat(h, path);
    }

    private static FileStat stat(FdHandle h, Path path) throws IOException {
        PathOp op = PathOp.fstatx(h.fd(), STATX_MASK);
        try {
            int r = Blocking.run(h, op, 0, Style.CHANNEL, "statx");
            if (r < 0) {
                throw Errors.forFd(r, "statx of " + path);
            }
            return Statx.parse(op.memory(), PathOp.STATX);
        } finally {
            Blocking.release(op);
        }
    }

    @Override
    public UringFile truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("Negative size");
        }
        checkWritable();
        if (size < size()) {
            int r;
            if (h.poller().supports(Opcode.FTRUNCATE)) {
                r = Blocking.run(h, SimpleOp.ftruncate(h.fd(), size), 0, Style.CHANNEL, "ftruncate");
            } else {
                if (!h.begin()) {
                    throw new ClosedChannelException();
                }
                try {
                    r = LibC.ftruncate(h.fd(), size);
                } finally {
                    h.end();
                }
            }
            if (r < 0) {
                throw Errors.forFd(r, "truncate of " + path);
            }
        }
        positionLock.lock();
        try {
            if (position > size) {
                position = size;
            }
        } finally {
            positionLock.unlock();
        }
        return this;
    }

    @Override
    public void allocate(long position, long length) throws IOException {
        checkPosition(position);
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
        checkWritable();
        int r = Blocking.run(h, SimpleOp.fallocate(h.fd(), 0, position, length), 0, Style.CHANNEL, "fallocate");
        if (r < 0) {
            throw Errors.forFd(r, "fallocate of " + path);
        }
    }

    @Override
    public void force(boolean metaData) throws IOException {
        FileForceEvent e = new FileForceEvent();
        if (!e.isEnabled()) {
            force0(metaData);
            return;
        }
        e.begin();
        try {
            force0(metaData);
        } finally {
            e.end();
            if (e.shouldCommit()) {
                e.path = path.toString();
                e.metaData = metaData;
                e.commit();
            }
        }
    }

    private void force0(boolean metaData) throws IOException {
        if (h.isClosing()) {
            throw new ClosedChannelException();
        }
        int r = Blocking.run(h, SimpleOp.fsync(h.fd(), !metaData), 0, Style.CHANNEL, "fsync");
        if (r < 0) {
            throw Errors.forFd(r, (metaData ? "fsync" : "fdatasync") + " of " + path);
        }
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
    public void close() throws IOException {
        if (h.close() && spec.deleteOnClose()) {
            UringFiles.deleteIfExists(path);
        }
    }

    /** The descriptor (for tests and for transfers between loom-uring objects). */
    int fd() {
        return h.fd();
    }

    @Override
    public String toString() {
        return "UringFile[" + path + ", " + h + "]";
    }
}

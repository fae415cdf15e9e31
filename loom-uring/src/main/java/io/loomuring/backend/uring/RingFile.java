package io.loomuring.backend.uring;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

import io.loomuring.FileStat;
import io.loomuring.InterruptPolicy;
import io.loomuring.LoomUring;
import io.loomuring.UringFile;
import io.loomuring.UringSocket;
import io.loomuring.backend.BufferedCopy;
import io.loomuring.backend.OpenSpec;
import io.loomuring.internal.Blocking;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Fds;
import io.loomuring.internal.ForceGroup;
import io.loomuring.internal.Style;
import io.loomuring.internal.jfr.IoEvents;
import io.loomuring.internal.memory.HeapCopy;
import io.loomuring.internal.memory.Lease;
import io.loomuring.internal.op.PathOp;
import io.loomuring.internal.op.RwOp;
import io.loomuring.internal.op.SimpleOp;
import io.loomuring.internal.op.WriteSyncOp;
import io.loomuring.poller.PollerGroup;
import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.FileFlags;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.StatxLayout;
import io.loomuring.spi.FileCounters;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link UringFile} on io_uring. Reads first try {@code preadv2(RWF_NOWAIT)} from the calling
 * thread — a page-cache hit costs no ring round trip — and go to the ring on {@code EAGAIN};
 * {@code -Dloomuring.file.nowait=false} turns that off.
 */
final class RingFile extends UringFile implements io.loomuring.spi.InterruptExemptible {
    private static final int STATX_MASK = StatxLayout.STATX_BASIC_STATS | StatxLayout.STATX_DIOALIGN;

    private final Path path;
    private final FdHandle h;
    private final OpenSpec spec;
    private final int memAlign;        // O_DIRECT buffer alignment
    private final int offAlign;        // O_DIRECT offset/length alignment
    private final ReentrantLock positionLock = new ReentrantLock();
    private long position;             // positionLock held
    private final PageCacheFirst pageCache;
    private final CallerWrites callerWrites;
    private final ForceGroup forces = new ForceGroup();

    private RingFile(Path path, FdHandle h, OpenSpec spec, int memAlign, int offAlign) {
        this.path = path;
        this.h = h;
        this.spec = spec;
        this.memAlign = memAlign;
        this.offAlign = offAlign;
        this.pageCache = new PageCacheFirst(!spec.direct());
        this.callerWrites = new CallerWrites(!spec.direct());
    }

    static RingFile open(Path path, OpenSpec spec) throws IOException {
        return IoEvents.fileOpen(path, () -> open0(path, spec));
    }

    private static RingFile open0(Path path, OpenSpec spec) throws IOException {
        PollerGroup group = LoomUring.pollers();
        PathOp op = PathOp.openat(path, spec.flags(), spec.mode());
        int fd;
        if (CallerOps.CREATES && (spec.flags() & (FileFlags.O_CREAT | FileFlags.O_TRUNC)) != 0) {
            // The ring hands every creating or truncating open to an io-wq worker: the caller is cheaper.
            try {
                fd = op.runOnCaller();
            } finally {
                op.releaseOnce();
            }
        } else {
            // A path in the kernel's caches opens on the caller without blocking
            // (openat2 RESOLVE_CACHED), else through the ring (a lookup that reads the disk).
            fd = CallerOps.OPENS && !Thread.currentThread().isInterrupted() ? op.runOnCaller(true) : -Errno.EAGAIN;
            if (fd == -Errno.EAGAIN || fd == -Errno.ENOSYS) {   // ENOSYS: a kernel before openat2
                try {
                    fd = CarrierScheduler.ringOr(group.any()).execute(op);
                } finally {
                    Blocking.release(op);
                }
            } else {
                op.releaseOnce();
            }
        }
        if (fd == -Errno.ELOOP && (spec.flags() & FileFlags.O_NOFOLLOW) != 0) {
            // As FileChannel.open: a plain IOException for a link met with NOFOLLOW_LINKS.
            throw new IOException(path + ": Too many levels of symbolic links (ELOOP) (NOFOLLOW_LINKS specified)");
        }
        if (fd < 0) {
            throw Errors.forPath(fd, path.toString(), null, "open");
        }
        FdHandle h = FdHandle.ofFile(fd, group.forFd(fd), CallerOps.CLOSES);
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
     * One read of up to {@code len} bytes into {@code mem} from byte {@code from} of it. Returns the
     * count, 0 at end of file: from the page cache at once when it holds the data
     * ({@link PageCacheFirst}), else through the ring.
     */
    private int readOnce(Lease mem, long from, int len, long position) throws IOException {
        int cached = pageCache.read(h, mem.address() + from, len, position, path);
        if (cached >= 0) {
            return cached;
        }
        RwOp op = RwOp.read(h.fd(), mem, from, len, position);
        try {
            int r = Blocking.run(h, op, 0, Style.CHANNEL, "Read");
            if (r < 0) {
                throw Errors.forFd(r, "read of " + path);
            }
            return r;
        } finally {
            Blocking.release(op);
        }
    }

    /**
     * Writes all {@code len} bytes of {@code mem}, looping on short writes: on the caller where
     * that is cheapest ({@link CallerWrites}), else through the ring.
     */
    private void writeAll(Lease mem, long len, long position) throws IOException {
        long done = 0;
        while (done < len) {
            int chunk = (int) Math.min(len - done, 1 << 30);
            long at = spec.append() ? -1 : position + done;
            int direct = callerWrites.write(h, mem.address() + done, chunk, at, path);
            if (direct > 0) {
                done += direct;
                continue;
            }
            RwOp op = RwOp.write(h.fd(), mem, done, chunk, at);
            try {
                int r = Blocking.run(h, op, 0, Style.CHANNEL, "Write");
                if (r < 0) {
                    throw Errors.forFd(r, "write to " + path);
                }
                if (r == 0) {
                    throw Errors.forFd(-Errno.EIO, "write to " + path + " made no progress");
                }
                done += r;
            } finally {
                Blocking.release(op);
            }
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        if (!IoEvents.fileReadOn()) {
            return read0(dst, position);
        }
        return (int) IoEvents.fileRead(path, () -> read0(dst, position));
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
            try (Lease mem = Lease.of(dst)) {
                checkDirect(mem.address(), position, len);
                n = readOnce(mem, 0, len, position);
            }
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
        int total = 0;
        while (total < len) {
            int chunk;
            int got;
            try (Lease mem = Lease.pooled(len - total)) {
                chunk = Math.min(len - total, mem.size());
                checkDirect(mem.address(), position + total, chunk);
                got = readOnce(mem, 0, chunk, position + total);
                HeapCopy.toHeap(mem.segment(), 0, dst, total, got);
            }
            total += got;
            if (got < chunk || total == len || !regularFile()) {
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
        if (!IoEvents.fileReadOn()) {
            return readSegment(dst, position);
        }
        return IoEvents.fileRead(path, () -> readSegment(dst, position));
    }

    private long readSegment(MemorySegment dst, long position) throws IOException {
        long total = 0;
        try (Lease mem = Lease.of(dst)) {
            while (total < dst.byteSize()) {
                int len = (int) Math.min(dst.byteSize() - total, 1 << 30);
                checkDirect(dst.address() + total, position + total, len);
                int n = readOnce(mem, total, len, position + total);
                if (n == 0) {
                    return total == 0 ? -1 : total;
                }
                total += n;
            }
        }
        return total;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, dsts.length);
        checkReadable();
        positionLock.lock();
        try {
            long n = FileVectors.read(this, h, path, spec.direct(), dsts, offset, length, position);
            if (n > 0) {
                position += n;
            }
            return n;
        } finally {
            positionLock.unlock();
        }
    }

    // ---------------------------------------------------------------- writes

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (!IoEvents.fileWriteOn()) {
            return write0(src, position);
        }
        return (int) IoEvents.fileWrite(path, () -> write0(src, position));
    }

    private int write0(ByteBuffer src, long position) throws IOException {
        checkPosition(position);
        checkWritable();
        int len = src.remaining();
        if (len == 0) {
            return 0;
        }
        if (src.isDirect()) {
            try (Lease mem = Lease.of(src)) {
                checkDirect(mem.address(), position, len);
                writeAll(mem, len, position);
            }
        } else {
            for (int done = 0; done < len; ) {
                try (Lease mem = Lease.pooled(len - done)) {
                    int chunk = Math.min(len - done, mem.size());
                    checkDirect(mem.address(), position + done, chunk);
                    HeapCopy.fromHeap(src, done, mem.segment(), 0, chunk);
                    writeAll(mem, chunk, position + done);
                    done += chunk;
                }
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
        return IoEvents.fileWrite(path, () -> {
            try (Lease mem = Lease.of(src)) {
                writeAll(mem, src.byteSize(), position);
            }
            return src.byteSize();
        });
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, srcs.length);
        checkWritable();
        positionLock.lock();
        try {
            long n = FileVectors.write(this, h, path, spec.direct(), spec.append(), callerWrites, srcs, offset, length, position);
            position += n;
            return n;
        } finally {
            positionLock.unlock();
        }
    }

    // ---------------------------------------------------------------- transfer

    private long transferTo0(long position, long count, UringSocket target) throws IOException {
        checkPosition(position);
        if (count < 0) {
            throw new IllegalArgumentException("Negative count");
        }
        checkReadable();
        if (!(target instanceof RingSocket sock) || !h.poller().supports(Opcode.SPLICE)) {
            return BufferedCopy.copy(this::read, position, count, target::write);
        }
        return FileSplice.toSocket(h, path, position, count, sock);
    }

    private long transferFrom0(UringSocket src, long position, long count) throws IOException {
        checkPosition(position);
        if (count < 0) {
            throw new IllegalArgumentException("Negative count");
        }
        checkWritable();
        if (!(src instanceof RingSocket sock) || spec.append() || !h.poller().supports(Opcode.SPLICE)) {
            return BufferedCopy.copyFrom(src::read, this::write, position, count);
        }
        return FileSplice.fromSocket(sock, h, path, position, count);
    }

    @Override
    public long transferTo(long position, long count, UringSocket target) throws IOException {
        return IoEvents.fileTransfer(path, true, () -> transferTo0(position, count, target));
    }

    @Override
    public long transferFrom(UringSocket src, long position, long count) throws IOException {
        return IoEvents.fileTransfer(path, false, () -> transferFrom0(src, position, count));
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
        if (h.isClosing()) {
            throw new ClosedChannelException();
        }
        // Only the size: no times, no FileStat (parsing the whole status was a twentieth of an open,
        // read a header, size, close).
        return statx(h, path, StatxLayout.STATX_SIZE, m -> m.get(JAVA_LONG, PathOp.STATX + StatxLayout.FILE_SIZE));
    }

    @Override
    public FileStat stat() throws IOException {
        if (h.isClosing()) {
            throw new ClosedChannelException();
        }
        return stat(h, path);
    }

    private static FileStat stat(FdHandle h, Path path) throws IOException {
        return statx(h, path, STATX_MASK, m -> Statx.parse(m, PathOp.STATX));
    }

    /** What {@code read} takes from a {@code statx} result (at {@link PathOp#STATX} of the memory). */
    private interface StatxRead<T> {
        T read(MemorySegment memory);
    }

    /** {@code statx} of the open file for {@code mask}: on the caller where it can, else through the ring. */
    private static <T> T statx(FdHandle h, Path path, int mask, StatxRead<T> read) throws IOException {
        PathOp op = PathOp.fstatx(h.fd(), mask);
        if (CallerOps.STATS && !Thread.currentThread().isInterrupted()) {
            // In the ring a statx always goes to an io-wq worker (and, off a carrier ring, first
            // to the ring thread); an open file's status is in memory.
            try {
                if (!h.begin()) {
                    throw new ClosedChannelException();
                }
                int r;
                try {
                    r = op.runOnCaller();
                } finally {
                    h.end();
                }
                if (r < 0) {
                    throw Errors.forFd(r, "statx of " + path);
                }
                return read.read(op.memory());
            } finally {
                op.releaseOnce();
            }
        }
        try {
            int r = Blocking.run(h, op, 0, Style.CHANNEL, "statx");
            if (r < 0) {
                throw Errors.forFd(r, "statx of " + path);
            }
            return read.read(op.memory());
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
                    r = Fds.ftruncate(h.fd(), size);
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
        IoEvents.fileForce(path, metaData, () -> {
            force0(metaData);
            return 0;
        });
    }

    private void force0(boolean metaData) throws IOException {
        if (h.isClosing()) {
            throw new ClosedChannelException();
        }
        int r;
        if (!ForceGroup.ENABLED || Thread.currentThread().isInterrupted()) {
            r = sync(metaData);            // alone: the ring acts on the interrupt as the JDK does
        } else {
            r = forces.force(metaData, this::sync);
            if (r == ForceGroup.RETRY || Thread.currentThread().isInterrupted()) {
                // The round's leader threw (a close, its interrupt), or this thread was interrupted
                // while it waited: what its own force does now is what the program must see.
                if (h.isClosing()) {
                    throw new AsynchronousCloseException();
                }
                r = sync(metaData);
            }
        }
        if (r < 0) {
            throw Errors.forFd(r, (metaData ? "fsync" : "fdatasync") + " of " + path);
        }
    }

    private int sync(boolean metaData) throws IOException {
        return Blocking.run(h, SimpleOp.fsync(h.fd(), !metaData), 0, Style.CHANNEL, "fsync");
    }

    /**
     * Whether {@link #writeAndForce} submits the write and the sync as one linked chain
     * ({@code -Dloomuring.file.writeSyncChain=true}, read per call) instead of writing and then
     * forcing. Off by default, measured (docs/design/files.md, "Write and sync"): eight threads
     * committing to one file made 0.23–0.40× the JDK's commits with the chain — the kernel's io-wq
     * runs a file's buffered writes one at a time, and the linked sync behind each — against
     * 1.10–1.86× with the write on the caller and shared syncs; to eight files of their own the two
     * were alike.
     */
    private static boolean chainWriteAndSync() {
        return Boolean.getBoolean("loomuring.file.writeSyncChain");
    }

    /**
     * The writes, then {@link #force} (syncs shared with other threads' forces); with
     * {@code -Dloomuring.file.writeSyncChain=true} the write and the sync as one linked submission
     * ({@link WriteSyncOp}) — never for O_DIRECT, an empty buffer or an interrupted thread (acted on
     * as {@code force} acts).
     */
    @Override
    public int writeAndForce(ByteBuffer src, boolean metaData) throws IOException {
        checkWritable();
        int len = src.remaining();
        if (!chainWriteAndSync() || spec.direct() || len == 0 || Thread.currentThread().isInterrupted()) {
            return super.writeAndForce(src, metaData);
        }
        positionLock.lock();
        try {
            return (int) IoEvents.fileWrite(path, () -> writeAndSync(src, len, metaData));
        } finally {
            positionLock.unlock();
        }
    }

    /** {@link #writeAndForce}'s chain; the position lock is held. */
    private int writeAndSync(ByteBuffer src, int len, boolean metaData) throws IOException {
        int written;
        int synced;
        try (Lease mem = src.isDirect() ? Lease.of(src) : Lease.pooled(len)) {
            int chunk = Math.min(len, mem.size()); // a heap buffer larger than one pooled lease: the rest below
            if (!src.isDirect()) {
                HeapCopy.fromHeap(src, 0, mem.segment(), 0, chunk);
            }
            WriteSyncOp op = new WriteSyncOp(h.fd(), mem, chunk, spec.append() ? -1 : position, !metaData);
            try {
                Blocking.run(h, op, 0, Style.CHANNEL, "Write");
                written = op.writeResult();
                synced = op.syncResult();
            } finally {
                Blocking.release(op);
            }
        }
        if (written < 0) {
            throw Errors.forFd(written, "write to " + path);
        }
        src.position(src.position() + written);
        position += written;
        if (written < len) {
            // Cut short: the kernel cancelled the sync. The rest as any write, then a force of its own.
            while (src.hasRemaining()) {
                write(src);
            }
            force(metaData);
        } else if (synced < 0) {
            throw Errors.forFd(synced, (metaData ? "fsync" : "fdatasync") + " of " + path);
        }
        FileCounters.WRITE_SYNC_CHAINS.increment();
        return len;
    }

    @Override
    public void exemptInterrupts(java.util.function.BooleanSupplier exempt) {
        h.interruptExempt(exempt);
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
            try {
                RingPaths.delete(path);
            } catch (java.nio.file.NoSuchFileException gone) {
                // deleted meanwhile: nothing to do
            }
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

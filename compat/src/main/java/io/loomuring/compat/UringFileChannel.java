package io.loomuring.compat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Objects;
import java.util.Set;

import io.loomuring.Backends;
import io.loomuring.InterruptPolicy;
import io.loomuring.UringFile;

/**
 * A {@link FileChannel} whose reads, writes, {@code force}, {@code truncate} and {@code size} are
 * loom-uring file operations: on a virtual thread they park instead of blocking the carrier.
 * Semantics are {@code FileChannel}'s in blocking mode: -1 at end of file, the file position
 * moved by relative reads and writes (serialized with each other), APPEND writes at the end,
 * {@link NonReadableChannelException} / {@link NonWritableChannelException} for the wrong mode,
 * {@link ClosedChannelException} after close, {@link java.nio.channels.AsynchronousCloseException}
 * for an operation blocked when another thread closes, and {@link ClosedByInterruptException}
 * (channel closed, interrupt status set) when the calling thread is interrupted.
 *
 * <p>Where io_uring has no equivalent the channel delegates to a JDK {@code FileChannel} opened
 * on the same open file ({@link UringFile#descriptorPath()}), created on first use:
 * {@link #map}, {@link #lock} and {@link #tryLock}. Locks are POSIX record locks, which the kernel
 * releases when the process closes <em>any</em> descriptor of the file — as with the JDK, do not
 * open the same file twice in one process while holding a lock on it.
 *
 * <p>{@link #transferTo} to, and {@link #transferFrom} from, a connected
 * {@link UringSocketChannel} splice inside the kernel (file → pipe → socket and back, never
 * through user memory) on io_uring; other channels are copied through a buffer.
 */
public final class UringFileChannel extends FileChannel {
    private static final int COPY_CHUNK = 64 * 1024;

    private final UringFile file;
    private final boolean readable;
    private final boolean writable;
    private final Object jdkLock = new Object();
    private FileChannel jdk; // for map and locks; guarded by jdkLock

    private UringFileChannel(UringFile file, boolean readable, boolean writable) {
        this.file = file;
        this.readable = readable;
        this.writable = writable;
    }

    /**
     * Opens {@code path} as {@link FileChannel#open(Path, Set, FileAttribute[])} does, with the
     * same options and exceptions, on the backend {@link Backends#current()} chose.
     */
    public static UringFileChannel open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        boolean append = options.contains(StandardOpenOption.APPEND);
        boolean write = options.contains(StandardOpenOption.WRITE) || append;
        boolean read = options.contains(StandardOpenOption.READ) || !write;
        return new UringFileChannel(UringFile.open(path, options, attrs), read, write);
    }

    /** {@link #open(Path, Set, FileAttribute[])} with options as varargs. */
    public static UringFileChannel open(Path path, OpenOption... options) throws IOException {
        return open(path, Set.of(options));
    }

    /** The loom-uring file underneath. */
    public UringFile file() {
        return file;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Runs a file operation with {@code FileChannel}'s close-on-interrupt: when the file closed
     * itself because the thread was interrupted, the channel is closed too.
     */
    private <T> T io(IoCall<T> call) throws IOException {
        ensureOpen();
        try {
            return call.run();
        } catch (ClosedByInterruptException e) {
            closeQuietly();
            throw e;
        } catch (ClosedChannelException e) {
            if (Thread.currentThread().isInterrupted()) {
                closeQuietly();
                throw new ClosedByInterruptException();
            }
            throw e;
        }
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // already closed by the interrupt
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst);
        return io(() -> file.read(dst));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        return io(() -> file.read(dsts, offset, length));
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src);
        return io(() -> file.write(src));
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        return io(() -> file.write(srcs, offset, length));
    }

    @Override
    public long position() throws IOException {
        return io(file::position);
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        io(() -> file.position(newPosition));
        return this;
    }

    @Override
    public long size() throws IOException {
        return io(file::size);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        io(() -> file.truncate(size));
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        io(() -> {
            file.force(metaData);
            return null;
        });
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        ensureOpen(); // the checks in the JDK's order
        if (!target.isOpen()) {
            throw new ClosedChannelException();
        }
        if (!readable) {
            throw new NonReadableChannelException();
        }
        if (target instanceof UringFileChannel f && !f.writable) {
            throw new NonWritableChannelException();
        }
        checkTransfer(position, count);
        if (target instanceof UringSocketChannel socket && socket.isConnected()) {
            return io(() -> socket.sendFile(file, position, count)); // file → pipe → socket in the kernel
        }
        try {
            return copyTo(position, count, target);
        } catch (ClosedChannelException e) {
            throw transferFailed(e, target);
        }
    }

    /** transferTo through a buffer; an exception after some bytes moved returns their count, as the JDK's. */
    private long copyTo(long position, long count, WritableByteChannel target) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(COPY_CHUNK, Math.max(count, 1)));
        long done = 0;
        try {
            while (done < count) {
                buf.clear().limit((int) Math.min(buf.capacity(), count - done));
                int n = read(buf, position + done);
                if (n <= 0) {
                    break;
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    int w = target.write(buf);
                    if (w == 0) { // a non-blocking target that is full: stop here, as the JDK does
                        return done + n - buf.remaining();
                    }
                }
                done += n;
            }
            return done;
        } catch (IOException e) {
            if (done > 0) {
                return done;
            }
            throw e;
        }
    }

    /**
     * What a transfer that met a closed channel throws, as the JDK's: an interrupt closes both
     * channels and is {@link ClosedByInterruptException}; otherwise one of them was closed under the
     * transfer: {@link java.nio.channels.AsynchronousCloseException}.
     */
    private java.nio.channels.AsynchronousCloseException transferFailed(ClosedChannelException e,
                                                                        java.nio.channels.Channel other) {
        if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
            ClosedByInterruptException cbie = e instanceof ClosedByInterruptException c ? c : new ClosedByInterruptException();
            try {
                close();
            } catch (IOException x) {
                cbie.addSuppressed(x);
            }
            try {
                other.close();
            } catch (IOException x) {
                cbie.addSuppressed(x);
            }
            return cbie;
        }
        if (e instanceof java.nio.channels.AsynchronousCloseException ace) {
            return ace;
        }
        java.nio.channels.AsynchronousCloseException ace = new java.nio.channels.AsynchronousCloseException();
        ace.addSuppressed(e);
        return ace;
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        ensureOpen(); // the checks in the JDK's order; a position past the end extends the file
        if (!src.isOpen()) {
            throw new ClosedChannelException();
        }
        if (src instanceof UringFileChannel f && !f.readable) {
            throw new NonReadableChannelException();
        }
        if (!writable) {
            throw new NonWritableChannelException();
        }
        checkTransfer(position, count);
        if (src instanceof UringSocketChannel socket && socket.isConnected()) {
            return io(() -> socket.receiveFile(file, position, count)); // socket → pipe → file in the kernel
        }
        try {
            return copyFrom(src, position, count);
        } catch (ClosedChannelException e) {
            throw transferFailed(e, src);
        }
    }

    /** transferFrom through a buffer; an exception after some bytes moved returns their count, as the JDK's. */
    private long copyFrom(ReadableByteChannel src, long position, long count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(COPY_CHUNK, Math.max(count, 1)));
        long done = 0;
        try {
            while (done < count) {
                buf.clear().limit((int) Math.min(buf.capacity(), count - done));
                int n = src.read(buf); // blocks on a pipe or socket: closing this channel does not wake it, as the JDK's
                if (n <= 0) {
                    break;
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    write(buf, position + done + (n - buf.remaining()));
                }
                done += n;
            }
            return done;
        } catch (IOException e) {
            if (done > 0) {
                return done;
            }
            throw e;
        }
    }

    private static void checkTransfer(long position, long count) {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("position " + position + ", count " + count);
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        Objects.requireNonNull(dst);
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        return io(() -> file.read(dst, position));
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        Objects.requireNonNull(src);
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        return io(() -> file.write(src, position));
    }

    /** Maps a region through a JDK {@code FileChannel} on the same open file; see the class comment. */
    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return jdk().map(mode, position, size);
    }

    /** As {@link FileChannel#map(MapMode, long, long, java.lang.foreign.Arena)}: a segment whose lifetime is {@code arena}'s. */
    @Override
    public java.lang.foreign.MemorySegment map(MapMode mode, long offset, long size, java.lang.foreign.Arena arena)
            throws IOException {
        return jdk().map(mode, offset, size, arena);
    }

    /**
     * Makes interrupts leave this channel alone ({@link InterruptPolicy#IGNORE}), as the JDK's file
     * streams ({@code Files.newInputStream}, {@code newOutputStream}, {@code readAllBytes}) are not
     * interruptible. Returns this channel.
     */
    UringFileChannel uninterruptible() {
        file.setInterruptPolicy(InterruptPolicy.IGNORE);
        return this;
    }

    /**
     * Makes an interrupt leave this channel alone when {@code exempt} holds at the moment the
     * interrupt is seen (asked then only, on the interrupted thread). Returns this channel.
     */
    UringFileChannel uninterruptibleWhen(java.util.function.BooleanSupplier exempt) {
        // Only io_uring's files get here: without io_uring the provider hands out the JDK's channels.
        java.util.Objects.requireNonNull(io.loomuring.spi.InterruptExemptible.of(file), "not a ring file")
                .exemptInterrupts(exempt);
        return this;
    }

    /** A POSIX record lock through a JDK {@code FileChannel} on the same open file; see the class comment. */
    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return new Lock(this, jdk().lock(position, size, shared));
    }

    /** {@link #lock(long, long, boolean)} without waiting: null when another process holds it. */
    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        FileLock l = jdk().tryLock(position, size, shared);
        return l == null ? null : new Lock(this, l);
    }

    /** A lock taken through the JDK channel, reporting this channel as its own. */
    private static final class Lock extends FileLock {
        private final FileLock inner;

        Lock(UringFileChannel channel, FileLock inner) {
            super(channel, inner.position(), inner.size(), inner.isShared());
            this.inner = inner;
        }

        @Override
        public boolean isValid() {
            return inner.isValid();
        }

        @Override
        public void release() throws IOException {
            if (!channel().isOpen()) {
                throw new ClosedChannelException();
            }
            inner.release();
        }
    }

    private FileChannel jdk() throws IOException {
        ensureOpen();
        synchronized (jdkLock) {
            if (jdk == null) {
                Set<StandardOpenOption> mode = readable && writable ? Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE)
                        : writable ? Set.of(StandardOpenOption.WRITE) : Set.of(StandardOpenOption.READ);
                jdk = UringFileSystemProvider.platformChannel(file.descriptorPath(), mode);
            }
            return jdk;
        }
    }

    @Override
    protected void implCloseChannel() throws IOException {
        synchronized (jdkLock) {
            if (jdk != null) {
                jdk.close();
            }
        }
        file.close();
    }

    @Override
    public String toString() {
        return "UringFileChannel[" + file.path() + "]";
    }
}

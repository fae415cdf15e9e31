package io.loomuring;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;

/**
 * An open regular file whose every operation is a blocking call on the calling (virtual) thread
 * and an io_uring operation underneath: a virtual thread waiting for the disk parks, and its
 * carrier runs other virtual threads meanwhile. Where io_uring is unavailable the same API runs on
 * the JDK's {@code FileChannel} ({@link Backends}).
 *
 * <h2>Buffers</h2>
 * Direct {@link ByteBuffer}s and native {@link MemorySegment}s are used in place: the kernel reads
 * or writes them directly. Heap buffers and arrays never reach the kernel: they are copied through
 * pooled native buffers, at most 1 MiB per call for reads. Memory handed to the kernel stays owned
 * by the operation until its completion arrives, whatever happens to the caller.
 *
 * <h2>Interrupt, close and errors</h2>
 * Like {@link java.nio.channels.FileChannel}: interrupting a thread blocked in an operation (or
 * calling one with the interrupt status set) cancels the operation, closes the file and throws
 * {@link java.nio.channels.ClosedByInterruptException} with the interrupt status still set;
 * closing the file from another thread makes blocked operations throw
 * {@link java.nio.channels.AsynchronousCloseException}; any operation after close throws
 * {@link java.nio.channels.ClosedChannelException}. Reading a file opened without READ throws
 * {@link java.nio.channels.NonReadableChannelException}, writing one opened without WRITE
 * {@link java.nio.channels.NonWritableChannelException}. Any other failure is an
 * {@link IOException} whose message carries the errno name.
 *
 * <p>Threads: safe for use by many threads. Positional operations run concurrently; operations
 * that use or move the file position are serialized.
 */
public abstract class UringFile implements AutoCloseable {

    /**
     * For loom-uring's backends only (packages {@code io.loomuring.backend.*}); applications open
     * instances with the static factories.
     *
     * @throws IllegalStateException the subclass is not one of loom-uring's backends
     */
    protected UringFile() {
        Implementors.check(getClass());
    }

    /**
     * Opens or creates {@code path} ({@code openat(2)} through the ring).
     *
     * @param options {@link java.nio.file.StandardOpenOption}s, {@link java.nio.file.LinkOption#NOFOLLOW_LINKS},
     *                {@link UringOpenOption}s; with none of READ, WRITE, APPEND the file is opened for reading
     * @return the open file
     * @throws java.nio.file.NoSuchFileException        the file does not exist and CREATE was not given (ENOENT)
     * @throws java.nio.file.FileAlreadyExistsException CREATE_NEW and the file exists (EEXIST)
     * @throws java.nio.file.AccessDeniedException      permission denied (EACCES, EPERM)
     * @throws IllegalArgumentException                 READ with APPEND, or APPEND with TRUNCATE_EXISTING
     * @throws IOException                              any other failure, with the errno name
     */
    public static UringFile open(Path path, OpenOption... options) throws IOException {
        return open(path, Set.of(options));
    }

    /**
     * Opens or creates {@code path} with initial {@code posix:permissions} for a created file
     * (before the umask). See {@link #open(Path, OpenOption...)}.
     */
    public static UringFile open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return Backends.current().openFile(path, options, attrs);
    }

    /** The path the file was opened with. */
    public abstract Path path();

    /**
     * A path naming this open file itself, whatever became of {@link #path()} since: on io_uring
     * {@code /proc/self/fd/N}; on the JDK backend {@link #path()}. For opening a second, JDK-level
     * handle on the same file (memory mapping, locks).
     *
     * @throws java.nio.channels.ClosedChannelException the file is closed
     */
    public abstract Path descriptorPath() throws IOException;

    // ---------------------------------------------------------------- reads

    /**
     * Reads up to {@code dst.remaining()} bytes at the file position, which advances by the count.
     *
     * @return bytes read, possibly fewer than requested; -1 at end of file; 0 when {@code dst} is full
     */
    public abstract int read(ByteBuffer dst) throws IOException;

    /**
     * Reads up to {@code dst.remaining()} bytes at {@code position}; the file position is unchanged.
     *
     * @return bytes read, possibly fewer than requested; -1 when {@code position} is at or past the end
     * @throws IllegalArgumentException {@code position} is negative, or O_DIRECT alignment is not met
     */
    public abstract int read(ByteBuffer dst, long position) throws IOException;

    /** Reads into {@code b[off, off+len)} at {@code position}; see {@link #read(ByteBuffer, long)}. */
    public int read(byte[] b, int off, int len, long position) throws IOException {
        return read(ByteBuffer.wrap(b, off, len), position);
    }

    /** Reads into {@code b[off, off+len)} at the file position; see {@link #read(ByteBuffer)}. */
    public int read(byte[] b, int off, int len) throws IOException {
        return read(ByteBuffer.wrap(b, off, len));
    }

    /**
     * Reads up to {@code dst.byteSize()} bytes at {@code position} into a segment (native: used in
     * place; heap: copied).
     *
     * @return bytes read; -1 at end of file
     */
    public abstract long read(MemorySegment dst, long position) throws IOException;

    /**
     * Scattering read at the file position into {@code dsts[offset, offset+length)}, filling each
     * buffer in turn: one {@code IORING_OP_READV} over all of them (direct buffers in place, heap
     * buffers through pooled native memory, at most 1 MiB of them per call); an O_DIRECT file
     * reads buffer by buffer. The position advances by the count.
     *
     * @return bytes read; -1 at end of file; 0 when no buffer has room
     * @throws IllegalArgumentException a buffer is read-only
     */
    public abstract long read(ByteBuffer[] dsts, int offset, int length) throws IOException;

    /** {@code read(dsts, 0, dsts.length)}. */
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    /**
     * Reads until {@code dst} is full, looping on short reads.
     *
     * @throws EOFException the end of file came first; {@code dst} holds what was read
     */
    public void readFully(ByteBuffer dst, long position) throws IOException {
        while (dst.hasRemaining()) {
            int n = read(dst, position);
            if (n < 0) {
                throw new EOFException("end of file at " + position + " with " + dst.remaining() + " bytes to go");
            }
            position += n;
        }
    }

    // ---------------------------------------------------------------- writes

    /**
     * Writes all of {@code src} at the file position (at the end in APPEND mode), looping on
     * short writes; the position advances by the count.
     *
     * @return bytes written ({@code src.remaining()} on entry)
     */
    public abstract int write(ByteBuffer src) throws IOException;

    /**
     * Writes all of {@code src} at {@code position}, looping on short writes; the file position is
     * unchanged. In APPEND mode the data goes to the end whatever {@code position} says.
     *
     * @return bytes written
     */
    public abstract int write(ByteBuffer src, long position) throws IOException;

    /** Writes {@code b[off, off+len)} at {@code position}; see {@link #write(ByteBuffer, long)}. */
    public int write(byte[] b, int off, int len, long position) throws IOException {
        return write(ByteBuffer.wrap(b, off, len), position);
    }

    /** Writes {@code b[off, off+len)} at the file position; see {@link #write(ByteBuffer)}. */
    public int write(byte[] b, int off, int len) throws IOException {
        return write(ByteBuffer.wrap(b, off, len));
    }

    /** Writes all of segment {@code src} at {@code position}; returns its size. */
    public abstract long write(MemorySegment src, long position) throws IOException;

    /**
     * Gathering write of all remaining bytes of {@code srcs[offset, offset+length)} at the file
     * position (at the end in APPEND mode), in order: one {@code IORING_OP_WRITEV} over all of
     * them, repeated from the exact byte where a short write stopped; an O_DIRECT file writes
     * buffer by buffer. The position advances by the count.
     *
     * @return bytes written (the buffers' total remaining on entry)
     */
    public abstract long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /** {@code write(srcs, 0, srcs.length)}. */
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /** Writes all of {@code src} at {@code position}: {@link #write(ByteBuffer, long)} already loops. */
    public void writeFully(ByteBuffer src, long position) throws IOException {
        write(src, position);
    }

    /**
     * Sends up to {@code count} bytes of this file, starting at {@code position}, to
     * {@code target}; the file position is unchanged. On io_uring the data never enters user
     * memory: {@code IORING_OP_SPLICE} moves it file → pipe → socket inside the kernel. Otherwise
     * (the JDK backend) it is read and written through a buffer.
     *
     * @return bytes sent: fewer than {@code count} only when the file ends first
     * @throws IllegalArgumentException {@code position} or {@code count} is negative
     * @throws java.nio.channels.NonReadableChannelException this file was not opened for reading
     * @throws java.net.SocketException the socket failed or was closed (with the socket's message)
     */
    public abstract long transferTo(long position, long count, UringSocket target) throws IOException;

    /**
     * Writes up to {@code count} bytes read from {@code src} into this file at {@code position},
     * until {@code count} bytes or the end of {@code src}'s stream; the file position is unchanged.
     * On io_uring the data never enters user memory: {@code IORING_OP_SPLICE} moves it socket →
     * pipe → file inside the kernel (an APPEND file, which splice cannot write at a position,
     * goes through a buffer). Otherwise (the JDK backend) it is read and written through a buffer.
     * A read timeout set on {@code src} bounds each wait for data.
     *
     * @return bytes written: fewer than {@code count} only when the stream ends first
     * @throws IllegalArgumentException {@code position} or {@code count} is negative
     * @throws java.nio.channels.NonWritableChannelException this file was not opened for writing
     * @throws java.net.SocketException the socket failed or was closed (with the socket's message)
     */
    public abstract long transferFrom(UringSocket src, long position, long count) throws IOException;

    // ---------------------------------------------------------------- position and size

    /** The file position (the size in APPEND mode). */
    public abstract long position() throws IOException;

    /**
     * Sets the file position; past the end is allowed (a later write fills the gap with zeros).
     *
     * @throws IllegalArgumentException {@code newPosition} is negative
     */
    public abstract UringFile position(long newPosition) throws IOException;

    /** The file's size ({@code statx(2)} through the ring). */
    public abstract long size() throws IOException;

    /** The file's full status ({@code statx(2)} through the ring). */
    public abstract FileStat stat() throws IOException;

    /**
     * Truncates the file to {@code size} if it is larger (a larger {@code size} changes nothing, as
     * with {@code FileChannel}); a position past the new size moves to it.
     *
     * @throws java.nio.channels.NonWritableChannelException not opened for writing
     */
    public abstract UringFile truncate(long size) throws IOException;

    /**
     * Allocates disk space for {@code [position, position+length)} ({@code fallocate(2)}, mode 0),
     * extending the file if needed; later writes there cannot fail with ENOSPC.
     */
    public abstract void allocate(long position, long length) throws IOException;

    /**
     * Forces written data to the device: {@code fsync(2)} when {@code metaData}, else
     * {@code fdatasync(2)}, made after this call began, so it covers every write that returned
     * before it. Threads forcing one file at the same time share syncs (group commit): a force that
     * finds a sync of the file under way waits for the next one, which serves every thread that
     * came meanwhile (see {@link ForceStats}).
     *
     * @throws java.nio.channels.ClosedChannelException the file was closed before
     * @throws java.nio.channels.AsynchronousCloseException another thread closed it meanwhile
     * @throws java.nio.channels.ClosedByInterruptException the thread was interrupted (the file is
     *     closed, as {@code FileChannel} does); a thread interrupted while it waits for another's
     *     sync sees this once that sync ends
     * @throws IOException the sync failed: the errno name in the message, for every thread it served
     */
    public abstract void force(boolean metaData) throws IOException;

    /**
     * Writes all of {@code src} at the file position (at the end of the file when it was opened
     * with {@code APPEND}), advances the position, and then forces the file as
     * {@link #force(boolean)} does — a commit in one call: the writes, then {@code force}, whose
     * syncs are shared with other threads' forces of the file. On io_uring with
     * {@code -Dloomuring.file.writeSyncChain=true} the write and the sync reach the kernel as one
     * linked submission instead ({@code IORING_OP_WRITE} linked to {@code IORING_OP_FSYNC}; one
     * wake-up, no shared syncs); a write the kernel cuts short is then finished and forced on its
     * own before this returns.
     *
     * @return the number of bytes written: {@code src.remaining()} on entry
     * @throws java.nio.channels.NonWritableChannelException the file was not opened for writing
     * @throws java.nio.channels.ClosedChannelException the file was closed before
     * @throws java.nio.channels.AsynchronousCloseException another thread closed it meanwhile
     * @throws java.nio.channels.ClosedByInterruptException the thread was interrupted (the file is
     *     closed, as {@code FileChannel} does)
     * @throws IOException the write or the sync failed: the errno name in the message; a failed
     *     write is reported before any sync is made
     */
    public int writeAndForce(ByteBuffer src, boolean metaData) throws IOException {
        int n = src.remaining();
        while (src.hasRemaining()) {
            write(src);
        }
        force(metaData);
        return n;
    }

    /**
     * Chooses what an interrupt does to a thread blocked in an operation on this file (see
     * {@link InterruptPolicy}); {@link InterruptPolicy#CLOSE} until set. On the JDK backend the JDK
     * class underneath keeps its own behaviour.
     */
    public void setInterruptPolicy(InterruptPolicy policy) {
        java.util.Objects.requireNonNull(policy);
    }

    /** Whether the file is open: false once {@link #close} was called or an interrupt closed it. */
    public abstract boolean isOpen();

    /**
     * Closes the file. Operations blocked in other threads are cancelled and throw
     * {@link java.nio.channels.AsynchronousCloseException}; the descriptor itself is closed when the
     * last of them has left the kernel. Closing twice does nothing.
     */
    @Override
    public abstract void close() throws IOException;
}

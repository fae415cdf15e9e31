package io.loomuring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;

import io.loomuring.spi.BackendProvider;

/**
 * Path operations through the ring where the kernel has them ({@code mkdirat}, {@code unlinkat},
 * {@code renameat}, {@code linkat}, {@code symlinkat}, {@code statx}), each a blocking call that
 * parks the calling virtual thread. Where an opcode is missing (older kernels) or io_uring is
 * unavailable, the call goes to {@link java.nio.file.Files} with the same results.
 *
 * <p>Errors are the JDK's: {@link NoSuchFileException} (ENOENT),
 * {@link java.nio.file.FileAlreadyExistsException} (EEXIST),
 * {@link java.nio.file.AccessDeniedException} (EACCES, EPERM),
 * {@link java.nio.file.DirectoryNotEmptyException} (ENOTEMPTY), otherwise a
 * {@link java.nio.file.FileSystemException} whose reason carries the errno name. These calls are
 * short metadata operations: they finish even if the calling thread is interrupted.
 */
public final class UringFiles {
    private UringFiles() {}

    private static BackendProvider backend() {
        return Backends.current().provider();
    }

    /**
     * Creates directory {@code dir} ({@code mkdirat(2)}), with {@code posix:permissions} from
     * {@code attrs} or 0777, less the umask.
     */
    public static Path createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        backend().createDirectory(dir, attrs);
        return dir;
    }

    /**
     * Deletes a file, a symbolic link or an empty directory ({@code unlinkat(2)}).
     *
     * @throws NoSuchFileException nothing at {@code path}
     * @throws java.nio.file.DirectoryNotEmptyException a directory that is not empty
     */
    public static void delete(Path path) throws IOException {
        backend().delete(path);
    }

    /** Like {@link #delete} but returns false instead of throwing when nothing is at {@code path}. */
    public static boolean deleteIfExists(Path path) throws IOException {
        try {
            delete(path);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Renames {@code source} to {@code target} ({@code renameat2(2)}). Without
     * {@link StandardCopyOption#REPLACE_EXISTING} an existing target is an error
     * ({@code RENAME_NOREPLACE}); the rename is atomic either way, so
     * {@link StandardCopyOption#ATOMIC_MOVE} is accepted. Moves across file systems are refused
     * (EXDEV), as with ATOMIC_MOVE in {@link java.nio.file.Files#move}.
     */
    public static Path move(Path source, Path target, CopyOption... options) throws IOException {
        boolean replace = false;
        for (CopyOption o : options) {
            if (o == StandardCopyOption.REPLACE_EXISTING) {
                replace = true;
            } else if (o != StandardCopyOption.ATOMIC_MOVE && o != LinkOption.NOFOLLOW_LINKS) {
                throw new UnsupportedOperationException("unsupported copy option: " + o);
            }
        }
        backend().move(source, target, replace, options);
        return target;
    }

    /** Creates hard link {@code link} to {@code existing} ({@code linkat(2)}). */
    public static Path createLink(Path link, Path existing) throws IOException {
        backend().createLink(link, existing);
        return link;
    }

    /** Creates symbolic link {@code link} pointing at {@code target} ({@code symlinkat(2)}). */
    public static Path createSymbolicLink(Path link, Path target) throws IOException {
        backend().createSymbolicLink(link, target);
        return link;
    }

    /**
     * The status of {@code path} ({@code statx(2)}), following a final symbolic link unless
     * {@link LinkOption#NOFOLLOW_LINKS} is given.
     */
    public static FileStat stat(Path path, LinkOption... options) throws IOException {
        return backend().stat(path, options);
    }

    /**
     * Reads the whole file at {@code path}, as {@link java.nio.file.Files#readAllBytes}. On io_uring
     * a small file (up to 56 KiB) takes one trip: on a carrier ring one linked submission — open,
     * read, a read that finds the end, close — which the kernel runs inline when the file is cached,
     * so the calling virtual thread does not park; elsewhere the same four steps as system calls on
     * the caller, and the ring only for what is not cached. A longer file is then opened and read
     * to its end. {@link WholeReadStats} counts which path each call took.
     *
     * <p>Like {@code Files.readAllBytes}, the read is not interruptible: an interrupt of the calling
     * thread does not end it and stays set. Unlike it, a FIFO, character device or socket that holds
     * more than one read (56 KiB) is an error: the bytes read are gone from it, and it cannot be read
     * again from its start (read such a file through {@link UringFile}).
     *
     * @return the file's bytes
     * @throws NoSuchFileException nothing at {@code path}
     * @throws java.nio.file.AccessDeniedException ({@code EACCES})
     * @throws IOException {@code read failed: EISDIR (Is a directory)} for a directory, and other
     *         read errors with their errno name; {@link java.nio.file.FileSystemException} for
     *         other failures to open; a FIFO, character device or socket longer than one read
     * @throws OutOfMemoryError a file of 2 GiB or more
     */
    public static byte[] readAllBytes(Path path) throws IOException {
        return backend().readAllBytes(path);
    }

    /**
     * Reads the whole file at {@code path} as UTF-8 text, as {@link java.nio.file.Files#readString(Path)}.
     *
     * @throws java.nio.charset.MalformedInputException bytes that are not UTF-8
     * @see #readAllBytes
     */
    public static String readString(Path path) throws IOException {
        return readString(path, StandardCharsets.UTF_8);
    }

    /**
     * Reads the whole file at {@code path} as text in {@code cs}, as
     * {@link java.nio.file.Files#readString(Path, Charset)}.
     *
     * @throws java.nio.charset.MalformedInputException bytes that are malformed in {@code cs}
     * @throws java.nio.charset.UnmappableCharacterException characters {@code cs} cannot map
     * @see #readAllBytes
     */
    public static String readString(Path path, Charset cs) throws IOException {
        byte[] b = readAllBytes(path);
        return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    }

    /** Whether something exists at {@code path} (following links). */
    public static boolean exists(Path path) throws IOException {
        try {
            stat(path);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}

package io.loomuring.compat;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;


/**
 * The platform's default file system provider with its file channels on loom-uring: install it
 * for a program that knows nothing of loom-uring with
 * <pre>
 *   java -Djava.nio.file.spi.DefaultFileSystemProvider=io.loomuring.compat.UringFileSystemProvider ...
 * </pre>
 * (the loom-uring jars on the class path). Then {@code FileChannel.open}, {@code Files.newByteChannel},
 * {@code Files.newInputStream}/{@code newOutputStream} — and so {@code Files.readAllBytes},
 * {@code readString}, {@code write}, {@code writeString}, {@code lines}, {@code newBufferedReader}/
 * {@code Writer} — and {@code Files.copy} between regular files run on {@link UringFileChannel}.
 * Everything else (directories, attributes, links, moves, deletes, watch services, and
 * {@code java.io.File*} streams, which do not use providers) passes through to the platform provider
 * untouched. Where io_uring is unavailable the channels run on the JDK's own, with one logged
 * WARNING (see {@link io.loomuring.Backends}).
 *
 * <p>With {@code -Dloomuring.stats=stderr} the poller counters are printed to standard error when
 * the JVM exits, to see an unmodified program's I/O go through the ring.
 */
public final class UringFileSystemProvider extends FileSystemProvider {
    private final FileSystemProvider delegate;
    private final UringFileSystem fs;

    /** Wraps {@code delegate}, the platform provider (how the JDK installs a default provider). */
    public UringFileSystemProvider(FileSystemProvider delegate) {
        this.delegate = delegate;
        this.fs = new UringFileSystem(this, delegate.getFileSystem(URI.create("file:///")));
        StatsOnExit.armIfAsked();
    }

    /** Wraps the platform's default provider (for use without the system property). */
    public UringFileSystemProvider() {
        this(FileSystems.getDefault().provider());
    }

    /**
     * A JDK {@code FileChannel} on {@code p} even when this provider is the default one (where
     * {@code FileChannel.open} would come back here).
     */
    static FileChannel platformChannel(Path p, Set<? extends OpenOption> options) throws IOException {
        if (p.getFileSystem().provider() instanceof UringFileSystemProvider up) {
            return up.delegate.newFileChannel(UringPath.unwrap(p), options);
        }
        return FileChannel.open(p, options);
    }

    private static Path u(Path p) {
        return UringPath.unwrap(p);
    }

    @Override public String getScheme() { return delegate.getScheme(); }
    @Override public FileSystem newFileSystem(URI uri, Map<String, ?> env) { throw new FileSystemAlreadyExistsException(); }
    @Override public FileSystem getFileSystem(URI uri) { delegate.getFileSystem(uri); return fs; }
    @Override public Path getPath(URI uri) { return fs.wrap(delegate.getPath(uri)); }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return UringFileChannel.open(u(path), options, attrs);
    }

    /**
     * A channel as {@link #newFileChannel}, interruptible as {@code FileChannel}s are — except when
     * {@link Files#readAllBytes} (and so {@code readString}) opens it: the JDK makes that one
     * uninterruptible ({@code FileChannelImpl.setUninterruptible}), and so does this provider.
     */
    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        if (onJdk()) {
            return delegate.newByteChannel(u(path), options, attrs);
        }
        return UringFileChannel.open(u(path), options, attrs).uninterruptibleWhen(UringFileSystemProvider::inReadAllBytes);
    }

    /** Without io_uring the platform provider serves the streams and channels: the JDK's behaviour, exactly. */
    private static boolean onJdk() {
        return io.loomuring.Backends.current() == io.loomuring.Backend.JDK;
    }

    private static final StackWalker WALKER = StackWalker.getInstance();

    /**
     * Whether {@code Files.readAllBytes} is on the calling thread's stack, above this provider's and
     * loom-uring's frames. A walk costs microseconds: it is asked only when an interrupt is seen,
     * not at every open (a small-file read is ten).
     */
    private static boolean inReadAllBytes() {
        return WALKER.walk(frames -> frames.limit(64).anyMatch(f ->
                f.getClassName().equals("java.nio.file.Files") && f.getMethodName().equals("readAllBytes")));
    }

    /**
     * As {@code Files.newInputStream}: a stream over a loom-uring channel, and like the JDK's not
     * interruptible (an interrupt leaves the stream open and the status set).
     *
     * @throws UnsupportedOperationException {@code WRITE} or {@code APPEND} among the options
     */
    @Override
    public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
        if (onJdk()) {
            return delegate.newInputStream(u(path), options);
        }
        for (OpenOption opt : options) {
            if (opt == StandardOpenOption.APPEND || opt == StandardOpenOption.WRITE) {
                throw new UnsupportedOperationException("'" + opt + "' not allowed");
            }
        }
        return Channels.newInputStream(UringFileChannel.open(u(path), new HashSet<>(Arrays.asList(options))).uninterruptible());
    }

    /**
     * As {@code Files.newOutputStream}: with no options CREATE, TRUNCATE_EXISTING and WRITE; over a
     * loom-uring channel, and like the JDK's not interruptible.
     *
     * @throws IllegalArgumentException {@code READ} among the options
     */
    @Override
    public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
        if (onJdk()) {
            return delegate.newOutputStream(u(path), options);
        }
        Set<OpenOption> opts = new HashSet<>();
        if (options.length == 0) {
            opts.add(StandardOpenOption.CREATE);
            opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            for (OpenOption opt : options) {
                if (opt == StandardOpenOption.READ) {
                    throw new IllegalArgumentException("READ not allowed");
                }
                opts.add(opt);
            }
        }
        opts.add(StandardOpenOption.WRITE);
        return Channels.newOutputStream(UringFileChannel.open(u(path), opts).uninterruptible());
    }

    /**
     * Copies a regular file through loom-uring channels; directories, links with NOFOLLOW_LINKS,
     * ATOMIC_MOVE and anything else go to the platform provider.
     */
    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        boolean replace = false, attributes = false, follow = true, other = false;
        for (CopyOption o : options) {
            if (o == StandardCopyOption.REPLACE_EXISTING) {
                replace = true;
            } else if (o == StandardCopyOption.COPY_ATTRIBUTES) {
                attributes = true;
            } else if (o == LinkOption.NOFOLLOW_LINKS) {
                follow = false;
            } else {
                other = true;
            }
        }
        Path from = u(source), to = u(target);
        BasicFileAttributes a = follow ? delegate.readAttributes(from, BasicFileAttributes.class)
                : delegate.readAttributes(from, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (onJdk() || other || !a.isRegularFile() || (delegate.exists(to) && delegate.isSameFile(from, to))) {
            delegate.copy(from, to, options);
            return;
        }
        if (replace) {
            delegate.deleteIfExists(to); // a non-empty directory there: DirectoryNotEmptyException, as the JDK
        }
        try (FileChannel in = UringFileChannel.open(from, StandardOpenOption.READ).uninterruptible();
             FileChannel out = UringFileChannel.open(to, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW).uninterruptible()) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            long at = 0;
            while (in.read(buf.clear(), at) > 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    at += out.write(buf, at);
                }
            }
        }
        if (attributes) {
            PosixFileAttributes pa = delegate.readAttributes(from, PosixFileAttributes.class);
            delegate.getFileAttributeView(to, PosixFileAttributeView.class).setPermissions(pa.permissions());
            delegate.getFileAttributeView(to, BasicFileAttributeView.class)
                    .setTimes(pa.lastModifiedTime(), pa.lastAccessTime(), null);
        }
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        DirectoryStream<Path> ds = delegate.newDirectoryStream(u(dir), p -> filter.accept(fs.wrap(p)));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> it = ds.iterator();
                return new Iterator<>() {
                    @Override public boolean hasNext() { return it.hasNext(); }
                    @Override public Path next() { return fs.wrap(it.next()); }
                };
            }

            @Override
            public void close() throws IOException {
                ds.close();
            }
        };
    }

    @Override public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException { delegate.createDirectory(u(dir), attrs); }
    @Override public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException { delegate.createSymbolicLink(u(link), u(target), attrs); }
    @Override public void createLink(Path link, Path existing) throws IOException { delegate.createLink(u(link), u(existing)); }
    @Override public Path readSymbolicLink(Path link) throws IOException { return fs.wrap(delegate.readSymbolicLink(u(link))); }
    @Override public void delete(Path path) throws IOException { delegate.delete(u(path)); }
    @Override public boolean deleteIfExists(Path path) throws IOException { return delegate.deleteIfExists(u(path)); }
    @Override public void move(Path source, Path target, CopyOption... options) throws IOException { delegate.move(u(source), u(target), options); }
    @Override public boolean isSameFile(Path path, Path path2) throws IOException { return delegate.isSameFile(u(path), u(path2)); }
    @Override public boolean isHidden(Path path) throws IOException { return delegate.isHidden(u(path)); }
    @Override public FileStore getFileStore(Path path) throws IOException { return delegate.getFileStore(u(path)); }
    @Override public void checkAccess(Path path, AccessMode... modes) throws IOException { delegate.checkAccess(u(path), modes); }
    @Override public boolean exists(Path path, LinkOption... options) { return delegate.exists(u(path), options); }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return delegate.getFileAttributeView(u(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return delegate.readAttributes(u(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributesIfExists(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return delegate.readAttributesIfExists(u(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return delegate.readAttributes(u(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        delegate.setAttribute(u(path), attribute, value, options);
    }
}

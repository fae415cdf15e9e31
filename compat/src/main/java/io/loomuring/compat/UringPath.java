package io.loomuring.compat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;

/**
 * A path of {@link UringFileSystem}: the platform's path, re-labelled so that {@code Files}
 * dispatches to {@link UringFileSystemProvider}. Every method is the platform path's.
 */
final class UringPath implements Path {
    private final UringFileSystem fs;
    final Path delegate;

    UringPath(UringFileSystem fs, Path delegate) {
        this.fs = fs;
        this.delegate = delegate;
    }

    /** The platform path behind {@code p}; a path of another file system is refused. */
    static Path unwrap(Path p) {
        Objects.requireNonNull(p);
        if (p instanceof UringPath u) {
            return u.delegate;
        }
        throw new ProviderMismatchException("not a path of the default file system: " + p.getClass().getName());
    }

    private Path wrap(Path p) {
        return fs.wrap(p);
    }

    @Override public UringFileSystem getFileSystem() { return fs; }
    @Override public boolean isAbsolute() { return delegate.isAbsolute(); }
    @Override public Path getRoot() { return wrap(delegate.getRoot()); }
    @Override public Path getFileName() { return wrap(delegate.getFileName()); }
    @Override public Path getParent() { return wrap(delegate.getParent()); }
    @Override public int getNameCount() { return delegate.getNameCount(); }
    @Override public Path getName(int index) { return wrap(delegate.getName(index)); }
    @Override public Path subpath(int beginIndex, int endIndex) { return wrap(delegate.subpath(beginIndex, endIndex)); }
    @Override public boolean startsWith(Path other) { return other instanceof UringPath u && delegate.startsWith(u.delegate); }
    @Override public boolean endsWith(Path other) { return other instanceof UringPath u && delegate.endsWith(u.delegate); }
    @Override public Path normalize() { return wrap(delegate.normalize()); }
    @Override public Path resolve(Path other) { return wrap(delegate.resolve(unwrap(other))); }
    @Override public Path relativize(Path other) { return wrap(delegate.relativize(unwrap(other))); }
    @Override public URI toUri() { return delegate.toUri(); }
    @Override public Path toAbsolutePath() { return wrap(delegate.toAbsolutePath()); }
    @Override public Path toRealPath(LinkOption... options) throws IOException { return wrap(delegate.toRealPath(options)); }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers)
            throws IOException {
        return delegate.register(watcher, events, modifiers);
    }

    @Override
    public int compareTo(Path other) {
        return delegate.compareTo(unwrap(other));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UringPath u && delegate.equals(u.delegate);
    }

    @Override
    public int hashCode() {
        return delegate.hashCode();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}

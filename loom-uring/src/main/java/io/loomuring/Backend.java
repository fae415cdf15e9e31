package io.loomuring;

import java.io.IOException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;

/**
 * The two implementations of loom-uring's API: io_uring, and the JDK's own blocking I/O with the
 * same results and exceptions. {@link Backends#current()} is the one the static factories use;
 * these constants let a program (or a test suite run over both) pick one explicitly.
 */
public enum Backend {
    /** io_uring through the shared ring threads. */
    URING,
    /** {@link java.nio.channels.FileChannel}, {@link java.nio.channels.SocketChannel}, ... */
    JDK;

    /**
     * Opens {@code path} on this backend; see {@link UringFile#open(Path, OpenOption...)}.
     *
     * @throws io.loomuring.poller.IoUringUnavailableException URING where io_uring cannot be used
     */
    public UringFile openFile(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        OpenSpec spec = OpenSpec.of(options, attrs);
        return this == JDK ? JdkFile.open(path, options, spec, attrs) : RingFile.open(path, spec);
    }

    /** {@link #openFile(Path, Set, FileAttribute[])} with options as varargs. */
    public UringFile openFile(Path path, OpenOption... options) throws IOException {
        return openFile(path, Set.of(options));
    }
}

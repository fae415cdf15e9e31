package io.loomuring;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

import io.loomuring.spi.BackendProvider;

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
     * @throws io.loomuring.poller.ring.IoUringUnavailableException URING where io_uring cannot be used
     */
    public UringFile openFile(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return provider().openFile(path, options, attrs);
    }

    /** Opens an unconnected stream socket on this backend; see {@link UringSocket#open(java.net.ProtocolFamily)}. */
    public UringSocket openSocket(java.net.ProtocolFamily family) throws IOException {
        return provider().openSocket(family);
    }

    /** Opens a pipe on this backend; see {@link UringPipe#open()}. */
    public UringPipe openPipe() throws IOException {
        return provider().openPipe();
    }

    /** Connects a socket on this backend; see {@link UringSocket#connect(SocketAddress, Duration)}. */
    public UringSocket connect(SocketAddress remote, Duration timeout) throws IOException {
        return connect(remote, timeout, null, Map.of());
    }

    /**
     * Connects a socket on this backend after setting {@code options} on it and, when {@code local}
     * is not null, binding it to {@code local}; otherwise as {@link #connect(SocketAddress, Duration)}.
     *
     * @throws java.net.BindException               {@code local} is in use or not local
     * @throws UnsupportedOperationException        an option this socket does not have
     */
    public UringSocket connect(SocketAddress remote, Duration timeout, SocketAddress local,
                               Map<SocketOption<?>, ?> options) throws IOException {
        return provider().connect(remote, timeout, local, options);
    }

    /** {@link #connect(SocketAddress, Duration)} with no timeout. */
    public UringSocket connect(SocketAddress remote) throws IOException {
        return connect(remote, Duration.ZERO);
    }

    /** Opens a listening socket on this backend; see {@link UringServerSocket#open(SocketAddress, int, Map)}. */
    public UringServerSocket listen(SocketAddress local, int backlog, Map<SocketOption<?>, ?> options)
            throws IOException {
        return provider().listen(local, backlog, options);
    }

    /** {@link #listen(SocketAddress, int, Map)} with backlog 50 and no options. */
    public UringServerSocket listen(SocketAddress local) throws IOException {
        return listen(local, 50, Map.of());
    }

    /** Opens a UDP socket on this backend; see {@link UringDatagramSocket#open(SocketAddress)}. */
    public UringDatagramSocket openDatagram(SocketAddress local) throws IOException {
        return openDatagram(local, Map.of());
    }

    /**
     * Opens a UDP socket on this backend with {@code options} set before it is bound to
     * {@code local} (so that {@code SO_REUSEADDR} and the like take effect).
     */
    public UringDatagramSocket openDatagram(SocketAddress local, Map<SocketOption<?>, ?> options)
            throws IOException {
        return provider().openDatagram(local, options);
    }

    /** {@link #openFile(Path, Set, FileAttribute[])} with options as varargs. */
    public UringFile openFile(Path path, OpenOption... options) throws IOException {
        return openFile(path, Set.of(options));
    }

    /** This backend's implementation: package {@code io.loomuring.backend.uring} or {@code .jdk}. */
    BackendProvider provider() {
        return this == JDK ? Implementations.JDK : Implementations.URING;
    }

    /**
     * The two implementations, found by {@link ServiceLoader} so that the API names neither
     * (they depend on it, not it on them).
     */
    private static final class Implementations {
        static final BackendProvider URING = find("uring"), JDK = find("jdk");

        private static BackendProvider find(String name) {
            for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backend.class.getClassLoader())) {
                if (p.name().equals(name)) {
                    return p;
                }
            }
            throw new ServiceConfigurationError("loom-uring's " + name + " backend is missing: no "
                    + BackendProvider.class.getName() + " named \"" + name + "\" (a repackaged jar without"
                    + " loom-uring's META-INF/services?)");
        }
    }
}

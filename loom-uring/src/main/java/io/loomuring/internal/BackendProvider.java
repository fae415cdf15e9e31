package io.loomuring.internal;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One backend's factories, as the API calls them: the seam between {@code io.loomuring} and its
 * two implementations, {@code io.loomuring.backend.uring} and {@code io.loomuring.backend.jdk}.
 * The API finds both through {@link java.util.ServiceLoader} and tells them apart by
 * {@link #name()}; the type parameters are the API's own types ({@code UringFile},
 * {@code UringSocket}, {@code UringServerSocket}, {@code UringDatagramSocket}, {@code UringPipe},
 * {@code FileStat}), so that this package does not depend on the API's and the package graph
 * stays a tree. Each method has the contract of the API method that calls it.
 *
 * @param <F> the open file type
 * @param <S> the stream socket type
 * @param <L> the listening socket type
 * @param <D> the datagram socket type
 * @param <P> the pipe type
 * @param <T> the file status type
 */
public interface BackendProvider<F, S, L, D, P, T> {

    /** {@code "uring"} or {@code "jdk"}: which {@code Backend} constant this provider implements. */
    String name();

    F openFile(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException;

    S openSocket(ProtocolFamily family) throws IOException;

    S connect(SocketAddress remote, Duration timeout, SocketAddress local, Map<SocketOption<?>, ?> options)
            throws IOException;

    L listen(SocketAddress local, int backlog, Map<SocketOption<?>, ?> options) throws IOException;

    D openDatagram(SocketAddress local, Map<SocketOption<?>, ?> options) throws IOException;

    P openPipe() throws IOException;

    void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException;

    void delete(Path path) throws IOException;

    /** Renames; {@code replace} says whether REPLACE_EXISTING was among {@code options}, which are checked. */
    void move(Path source, Path target, boolean replace, CopyOption... options) throws IOException;

    void createLink(Path link, Path existing) throws IOException;

    void createSymbolicLink(Path link, Path target) throws IOException;

    T stat(Path path, LinkOption... options) throws IOException;
}

package io.loomuring.spi;

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

import io.loomuring.FileStat;
import io.loomuring.UringDatagramSocket;
import io.loomuring.UringFile;
import io.loomuring.UringPipe;
import io.loomuring.UringServerSocket;
import io.loomuring.UringSocket;

/**
 * One backend's factories, as the API calls them: the seam between {@code io.loomuring} and its
 * two implementations, {@code io.loomuring.backend.uring} and {@code io.loomuring.backend.jdk}.
 * The API finds both through {@link java.util.ServiceLoader} and tells them apart by
 * {@link #name()}. (The API and this SPI name each other: one package cycle, as the JDK's API and
 * SPI packages have.) Each method has the contract of the API method that calls it.
 */
public interface BackendProvider {

    /** {@code "uring"} or {@code "jdk"}: which {@code Backend} constant this provider implements. */
    String name();

    UringFile openFile(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException;

    UringSocket openSocket(ProtocolFamily family) throws IOException;

    UringSocket connect(SocketAddress remote, Duration timeout, SocketAddress local, Map<SocketOption<?>, ?> options)
            throws IOException;

    UringServerSocket listen(SocketAddress local, int backlog, Map<SocketOption<?>, ?> options) throws IOException;

    UringDatagramSocket openDatagram(SocketAddress local, Map<SocketOption<?>, ?> options) throws IOException;

    UringPipe openPipe() throws IOException;

    void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException;

    void delete(Path path) throws IOException;

    /** Renames; {@code replace} says whether REPLACE_EXISTING was among {@code options}, which are checked. */
    void move(Path source, Path target, boolean replace, CopyOption... options) throws IOException;

    void createLink(Path link, Path existing) throws IOException;

    void createSymbolicLink(Path link, Path target) throws IOException;

    FileStat stat(Path path, LinkOption... options) throws IOException;

    /** The whole content of the file at {@code path}; default: {@link java.nio.file.Files#readAllBytes}. */
    default byte[] readAllBytes(Path path) throws IOException {
        return java.nio.file.Files.readAllBytes(path);
    }

    /**
     * A selector's ring ({@link SelectorRing#open}).
     *
     * @throws UnsupportedOperationException this backend has no rings (the JDK's)
     */
    default SelectorRing openSelectorRing(String name, SelectorRing.Handler handler) throws IOException {
        throw new UnsupportedOperationException("selectors of loom-uring need its io_uring backend");
    }
}

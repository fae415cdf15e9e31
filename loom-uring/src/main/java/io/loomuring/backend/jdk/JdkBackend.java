package io.loomuring.backend.jdk;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.file.CopyOption;
import java.nio.file.Files;
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
import io.loomuring.backend.OpenSpec;
import io.loomuring.spi.BackendProvider;

/**
 * The JDK backend: the API's types over {@link java.nio.channels.FileChannel},
 * {@link java.nio.channels.SocketChannel}, {@link java.net.DatagramSocket}, ... and
 * {@link Files}, with the io_uring backend's results and exceptions. Also what the io_uring
 * backend falls back to for a path operation the kernel lacks.
 */
public final class JdkBackend
        implements BackendProvider {

    /** For {@link java.util.ServiceLoader}. */
    public JdkBackend() {
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public UringFile openFile(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return JdkFile.open(path, options, OpenSpec.of(options, attrs), attrs);
    }

    @Override
    public UringSocket openSocket(ProtocolFamily family) throws IOException {
        return JdkSocket.openUnconnected(family);
    }

    @Override
    public UringSocket connect(SocketAddress remote, Duration timeout, SocketAddress local,
                               Map<SocketOption<?>, ?> options) throws IOException {
        return JdkSocket.connectTo(remote, timeout, local, options);
    }

    @Override
    public UringServerSocket listen(SocketAddress local, int backlog, Map<SocketOption<?>, ?> options)
            throws IOException {
        return JdkServerSocket.bind(local, backlog, options);
    }

    @Override
    public UringDatagramSocket openDatagram(SocketAddress local, Map<SocketOption<?>, ?> options)
            throws IOException {
        return JdkDatagramSocket.bind(local, options);
    }

    @Override
    public UringPipe openPipe() throws IOException {
        return JdkPipe.openPipe();
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Files.createDirectory(dir, attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        Files.delete(path);
    }

    @Override
    public void move(Path source, Path target, boolean replace, CopyOption... options) throws IOException {
        Files.move(source, target, options);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        Files.createLink(link, existing);
    }

    @Override
    public void createSymbolicLink(Path link, Path target) throws IOException {
        Files.createSymbolicLink(link, target);
    }

    @Override
    public FileStat stat(Path path, LinkOption... options) throws IOException {
        return JdkFile.stat(path, options);
    }
}

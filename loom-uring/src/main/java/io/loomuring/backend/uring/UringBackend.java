package io.loomuring.backend.uring;

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
import io.loomuring.backend.OpenSpec;
import io.loomuring.spi.BackendProvider;
import io.loomuring.spi.SelectorRing;

/** The io_uring backend: files, sockets, pipes and path operations on the rings. */
public final class UringBackend
        implements BackendProvider {

    /** For {@link java.util.ServiceLoader}. */
    public UringBackend() {
    }

    @Override
    public String name() {
        return "uring";
    }

    @Override
    public UringFile openFile(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return RingFile.open(path, OpenSpec.of(options, attrs));
    }

    @Override
    public UringSocket openSocket(ProtocolFamily family) throws IOException {
        return RingSocket.openUnconnected(family);
    }

    @Override
    public UringSocket connect(SocketAddress remote, Duration timeout, SocketAddress local,
                               Map<SocketOption<?>, ?> options) throws IOException {
        return RingSocket.connectTo(remote, timeout, local, options);
    }

    @Override
    public UringServerSocket listen(SocketAddress local, int backlog, Map<SocketOption<?>, ?> options)
            throws IOException {
        return RingServerSocket.bind(local, backlog, options);
    }

    @Override
    public UringDatagramSocket openDatagram(SocketAddress local, Map<SocketOption<?>, ?> options)
            throws IOException {
        return RingDatagramSocket.bind(local, options);
    }

    @Override
    public UringPipe openPipe() throws IOException {
        return RingPipe.openPipe();
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        RingPaths.createDirectory(dir, attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        RingPaths.delete(path);
    }

    @Override
    public void move(Path source, Path target, boolean replace, CopyOption... options) throws IOException {
        RingPaths.move(source, target, replace, options);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        RingPaths.createLink(link, existing);
    }

    @Override
    public void createSymbolicLink(Path link, Path target) throws IOException {
        RingPaths.createSymbolicLink(link, target);
    }

    @Override
    public FileStat stat(Path path, LinkOption... options) throws IOException {
        return RingPaths.stat(path, options);
    }

    @Override
    public byte[] readAllBytes(Path path) throws IOException {
        return WholeFiles.readAllBytes(path);
    }

    @Override
    public SelectorRing openSelectorRing(String name, SelectorRing.Handler handler) throws IOException {
        return UringSelectorRing.open(name, handler);
    }
}

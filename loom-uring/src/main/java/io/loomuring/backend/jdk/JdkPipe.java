package io.loomuring.backend.jdk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.loomuring.UringPipe;
import io.loomuring.internal.Errors;
import io.loomuring.internal.Fds;

/**
 * {@link UringPipe} without io_uring: a kernel pipe whose ends are reopened as JDK
 * {@link FileChannel}s through {@code /proc/self/fd} (the original descriptors are closed at once).
 */
final class JdkPipe extends UringPipe {
    private final FileChannel source;
    private final FileChannel sink;

    private JdkPipe(FileChannel source, FileChannel sink) {
        this.source = source;
        this.sink = sink;
    }

    static JdkPipe openPipe() throws IOException {
        int[] fds = Fds.pipe();
        if (fds[0] < 0) {
            throw Errors.forFd(fds[0], "pipe");
        }
        try {
            FileChannel in = FileChannel.open(Path.of("/proc/self/fd/" + fds[0]), StandardOpenOption.READ);
            try {
                return new JdkPipe(in, FileChannel.open(Path.of("/proc/self/fd/" + fds[1]), StandardOpenOption.WRITE));
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        } finally {
            Fds.close(fds[0]);
            Fds.close(fds[1]);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return source.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        while (src.hasRemaining()) {
            sink.write(src);
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return source.read(dsts, offset, length);
    }

    /** {@code writev}s until every byte is written, each resuming where the last stopped. */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, srcs.length);
        long total = 0;
        while (true) {
            long n = sink.write(srcs, offset, length);
            total += n;
            boolean left = false;
            for (int i = offset; i < offset + length && !left; i++) {
                left = srcs[i].hasRemaining();
            }
            if (!left) {
                return total;
            }
        }
    }

    @Override
    public void closeSource() throws IOException {
        source.close();
    }

    @Override
    public void closeSink() throws IOException {
        sink.close();
    }

    @Override
    public boolean isSourceOpen() {
        return source.isOpen();
    }

    @Override
    public boolean isSinkOpen() {
        return sink.isOpen();
    }
}

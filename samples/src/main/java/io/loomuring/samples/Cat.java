package io.loomuring.samples;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.loomuring.Backend;
import io.loomuring.UringFile;

/**
 * {@code cat}: reads each file with vectored reads ({@code readv} through the ring, four 64 KiB
 * buffers per call) and writes it to {@code out}.
 *
 * <p>{@code samples/run cat [--backend uring|jdk] FILE...}
 */
public final class Cat {
    private static final int BUFFERS = 4;
    private static final int SIZE = 64 * 1024;

    private Cat() {}

    public static void main(Options o) throws IOException {
        run(o.backend(), o.args().stream().map(Path::of).toList(), new FileOutputStream(FileDescriptor.out).getChannel());
    }

    /** Copies every file in order to {@code out}; returns the bytes written. */
    public static long run(Backend backend, Iterable<Path> files, WritableByteChannel out) throws IOException {
        ByteBuffer[] bufs = new ByteBuffer[BUFFERS];
        for (int i = 0; i < BUFFERS; i++) {
            bufs[i] = ByteBuffer.allocateDirect(SIZE);
        }
        long total = 0;
        for (Path p : files) {
            try (UringFile f = backend.openFile(p, StandardOpenOption.READ)) {
                while (true) {
                    for (ByteBuffer b : bufs) {
                        b.clear();
                    }
                    if (f.read(bufs) < 0) {
                        break;
                    }
                    for (ByteBuffer b : bufs) {
                        b.flip();
                        while (b.hasRemaining()) {
                            total += out.write(b);
                        }
                    }
                }
            }
        }
        return total;
    }
}

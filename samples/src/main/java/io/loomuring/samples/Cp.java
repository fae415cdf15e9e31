package io.loomuring.samples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.loomuring.Backend;
import io.loomuring.UringFile;

/**
 * {@code cp}: copies a file with several reads and writes in flight — {@code --jobs} virtual
 * threads (default 8) each take the next 1 MiB chunk, read it at its offset and write it at the same
 * offset. Chunks of zeros are not written, so holes stay holes; the last chunk is always written so
 * the copy has the source's size.
 *
 * <p>{@code samples/run cp [--jobs N] [--backend uring|jdk] SOURCE TARGET}
 */
public final class Cp {
    static final int CHUNK = 1024 * 1024;

    private Cp() {}

    public static void main(Options o) throws IOException, InterruptedException {
        if (o.args().size() != 2) {
            throw new IllegalArgumentException("cp needs SOURCE TARGET");
        }
        copy(o.backend(), Path.of(o.args().get(0)), Path.of(o.args().get(1)),
                Integer.parseInt(o.get("jobs", "8")), o.threads());
    }

    /** Copies {@code source} to {@code target} (created or truncated); returns the size. */
    public static long copy(Backend backend, Path source, Path target, int jobs)
            throws IOException, InterruptedException {
        return copy(backend, source, target, jobs, Thread.ofVirtual());
    }

    /** {@link #copy(Backend, Path, Path, int)} with the workers made by {@code threads} (carrier rings, say). */
    public static long copy(Backend backend, Path source, Path target, int jobs, Thread.Builder.OfVirtual threads)
            throws IOException, InterruptedException {
        try (UringFile in = backend.openFile(source, StandardOpenOption.READ);
             UringFile out = backend.openFile(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            long size = in.size();
            long chunks = (size + CHUNK - 1) / CHUNK;
            AtomicLong next = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            IOException[] failure = new IOException[1];
            for (int j = 0; j < jobs; j++) {
                workers.add(threads.start(() -> {
                    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
                    try {
                        long c;
                        while ((c = next.getAndIncrement()) < chunks) {
                            copyChunk(in, out, buf, c * CHUNK, Math.min(CHUNK, size - c * CHUNK), c == chunks - 1);
                        }
                    } catch (IOException e) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                        next.set(chunks);
                    }
                }));
            }
            for (Thread t : workers) {
                t.join();
            }
            if (failure[0] != null) {
                throw failure[0];
            }
            return size;
        }
    }

    private static void copyChunk(UringFile in, UringFile out, ByteBuffer buf, long at, long len, boolean last)
            throws IOException {
        buf.clear().limit((int) len);
        in.readFully(buf, at);
        buf.flip();
        if (last || !allZero(buf)) {
            out.writeFully(buf, at);
        }
    }

    private static boolean allZero(ByteBuffer b) {
        int i = b.position();
        int end = b.limit();
        for (; i + 8 <= end; i += 8) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}

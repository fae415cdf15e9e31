package io.loomuring.backend;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * transferTo and transferFrom through a 64 KiB direct buffer, for either backend: the JDK backend
 * always, the io_uring backend where splice cannot be used (APPEND files, sources or targets
 * without a descriptor). Stops early at end of input.
 */
public final class BufferedCopy {
    private BufferedCopy() {}

    private static final int CHUNK = 64 * 1024;

    /** A positional read, as {@code UringFile.read(ByteBuffer, long)}. */
    public interface ReadAt {
        int read(ByteBuffer dst, long position) throws IOException;
    }

    /** A positional write, as {@code UringFile.write(ByteBuffer, long)}. */
    public interface WriteAt {
        int write(ByteBuffer src, long position) throws IOException;
    }

    /** A stream read, as {@code UringSocket.read(ByteBuffer)}. */
    public interface Read {
        int read(ByteBuffer dst) throws IOException;
    }

    /** A stream write that writes everything, as {@code UringSocket.write(ByteBuffer)}. */
    public interface Write {
        int write(ByteBuffer src) throws IOException;
    }

    /** Copies up to {@code count} bytes from {@code position} of {@code from} to {@code to}; the bytes copied. */
    public static long copy(ReadAt from, long position, long count, Write to) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(Math.max(count, 1), CHUNK));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            int n = from.read(buf, position + done);
            if (n < 0) {
                break;
            }
            to.write(buf.flip());
            done += n;
        }
        return done;
    }

    /** Copies up to {@code count} bytes from {@code from} to {@code position} of {@code to}; the bytes copied. */
    public static long copyFrom(Read from, WriteAt to, long position, long count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(Math.max(count, 1), CHUNK));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            int n = from.read(buf);
            if (n < 0) {
                break;
            }
            buf.flip();
            while (buf.hasRemaining()) {
                to.write(buf, position + done + (n - buf.remaining()));
            }
            done += n;
        }
        return done;
    }
}

package io.loomuring.backend.jdk;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.loomuring.FileStat;
import io.loomuring.UringFile;
import io.loomuring.UringOpenOption;
import io.loomuring.UringSocket;
import io.loomuring.backend.BufferedCopy;
import io.loomuring.backend.OpenSpec;

/**
 * {@link UringFile} on the JDK's {@link FileChannel}: the fallback backend. Same results and
 * exceptions; no io_uring, so a virtual thread waiting for the disk holds its carrier as
 * {@code FileChannel} does. {@code allocate} extends the file without reserving blocks, and
 * {@link UringOpenOption#NOATIME} is not available.
 */
final class JdkFile extends UringFile {
    private final Path path;
    private final FileChannel ch;
    private final OpenSpec spec;

    private JdkFile(Path path, FileChannel ch, OpenSpec spec) {
        this.path = path;
        this.ch = ch;
        this.spec = spec;
    }

    static JdkFile open(Path path, Set<? extends OpenOption> options, OpenSpec spec, FileAttribute<?>... attrs)
            throws IOException {
        Set<OpenOption> jdk = new HashSet<>();
        for (OpenOption o : options) {
            if (o == UringOpenOption.DIRECT) {
                if (ModuleLayer.boot().findModule("jdk.unsupported").isEmpty()) {
                    throw new UnsupportedOperationException("DIRECT on the JDK backend needs the jdk.unsupported module");
                }
                jdk.add(com.sun.nio.file.ExtendedOpenOption.DIRECT);
            } else if (o == UringOpenOption.NOATIME) {
                throw new UnsupportedOperationException("NOATIME needs the io_uring backend");
            } else {
                jdk.add(o);
            }
        }
        return new JdkFile(path, FileChannel.open(path, jdk, attrs), spec);
    }

    static FileStat stat(Path path, LinkOption... options) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:*", options);
        return new FileStat((Long) a.get("size"), (Integer) a.get("mode"), (Long) a.get("ino"),
                (Integer) a.get("nlink"), (Integer) a.get("uid"), (Integer) a.get("gid"), 4096,
                (FileTime) a.get("lastModifiedTime"), (FileTime) a.get("lastAccessTime"),
                (FileTime) a.get("ctime"), 0, 0);
    }

    @Override public Path path() { return path; }

    @Override
    public Path descriptorPath() throws IOException {
        if (!ch.isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
        return path;
    }
    @Override public int read(ByteBuffer dst) throws IOException { return ch.read(dst); }
    @Override public int read(ByteBuffer dst, long position) throws IOException { return ch.read(dst, position); }
    @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return ch.read(dsts, offset, length);
    }

    @Override
    public long read(MemorySegment dst, long position) throws IOException {
        ByteBuffer b = dst.asByteBuffer();
        long total = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, position + total);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        while (src.hasRemaining()) {
            ch.write(src);
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        int n = src.remaining();
        long p = position;
        while (src.hasRemaining()) {
            p += ch.write(src, p);
        }
        return n;
    }

    @Override
    public long write(MemorySegment src, long position) throws IOException {
        return write(src.asByteBuffer(), position);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += srcs[i].remaining();
        }
        long done = 0;
        while (done < total) {
            done += ch.write(srcs, offset, length);
        }
        return total;
    }

    @Override
    public long transferTo(long position, long count, UringSocket target) throws IOException {
        return BufferedCopy.copy(this::read, position, count, target::write);
    }

    @Override
    public long transferFrom(UringSocket src, long position, long count) throws IOException {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("Negative position or count");
        }
        if (!ch.isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
        if (!spec.write()) {
            throw new java.nio.channels.NonWritableChannelException();
        }
        return BufferedCopy.copyFrom(src::read, this::write, position, count);
    }

    @Override public long position() throws IOException { return ch.position(); }
    @Override public UringFile position(long p) throws IOException { ch.position(p); return this; }
    @Override public long size() throws IOException { return ch.size(); }

    @Override
    public FileStat stat() throws IOException {
        if (!ch.isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
        return stat(path);
    }

    @Override public UringFile truncate(long size) throws IOException { ch.truncate(size); return this; }

    @Override
    public void allocate(long position, long length) throws IOException {
        if (position < 0 || length <= 0) {
            throw new IllegalArgumentException("position " + position + ", length " + length);
        }
        if (!spec.write()) {
            throw new java.nio.channels.NonWritableChannelException();
        }
        long end = position + length;
        if (ch.size() < end) {
            ch.write(ByteBuffer.wrap(new byte[1]), end - 1);
        }
    }

    @Override public void force(boolean metaData) throws IOException { ch.force(metaData); }
    @Override public boolean isOpen() { return ch.isOpen(); }

    @Override
    public void close() throws IOException {
        ch.close();
        if (spec.deleteOnClose()) {
            Files.deleteIfExists(path);
        }
    }

    @Override
    public String toString() {
        return "UringFile[" + path + ", JDK]";
    }
}

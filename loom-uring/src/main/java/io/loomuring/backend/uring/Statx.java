package io.loomuring.backend.uring;

import java.lang.foreign.MemorySegment;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

import io.loomuring.FileStat;
import io.loomuring.poller.kernel.StatxLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** Reads a {@code struct statx} into a {@link FileStat}. */
final class Statx {
    private Statx() {}

    static FileStat parse(MemorySegment m, long at) {
        int mask = m.get(JAVA_INT, at + StatxLayout.MASK);
        boolean dio = (mask & StatxLayout.STATX_DIOALIGN) != 0;
        return new FileStat(
                m.get(JAVA_LONG, at + StatxLayout.FILE_SIZE),
                m.get(JAVA_SHORT, at + StatxLayout.MODE) & 0xffff,
                m.get(JAVA_LONG, at + StatxLayout.INO),
                m.get(JAVA_INT, at + StatxLayout.NLINK),
                m.get(JAVA_INT, at + StatxLayout.UID),
                m.get(JAVA_INT, at + StatxLayout.GID),
                m.get(JAVA_INT, at + StatxLayout.BLKSIZE),
                time(m, at + StatxLayout.MTIME),
                time(m, at + StatxLayout.ATIME),
                time(m, at + StatxLayout.CTIME),
                dio ? m.get(JAVA_INT, at + StatxLayout.DIO_MEM_ALIGN) : 0,
                dio ? m.get(JAVA_INT, at + StatxLayout.DIO_OFFSET_ALIGN) : 0);
    }

    private static FileTime time(MemorySegment m, long at) {
        long sec = m.get(JAVA_LONG, at);
        long nsec = m.get(JAVA_INT, at + 8) & 0xffff_ffffL;
        return FileTime.from(TimeUnit.SECONDS.toNanos(sec) + nsec, TimeUnit.NANOSECONDS);
    }
}

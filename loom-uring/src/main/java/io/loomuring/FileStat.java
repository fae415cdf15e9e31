package io.loomuring;

import java.nio.file.attribute.FileTime;

import io.loomuring.poller.kernel.StatxLayout;

/**
 * A file's status, from {@code statx(2)}.
 *
 * @param size            bytes
 * @param mode            {@code st_mode}: type and permission bits
 * @param inode           inode number
 * @param links           hard link count
 * @param uid             owner
 * @param gid             group
 * @param blockSize       preferred I/O block size
 * @param lastModified    {@code mtime}
 * @param lastAccess      {@code atime}
 * @param lastChange      {@code ctime}
 * @param dioMemAlign     required buffer alignment for {@code O_DIRECT}, 0 when unknown or unsupported
 * @param dioOffsetAlign  required offset and length alignment for {@code O_DIRECT}, 0 when unknown
 */
public record FileStat(long size, int mode, long inode, int links, int uid, int gid, int blockSize,
                       FileTime lastModified, FileTime lastAccess, FileTime lastChange,
                       int dioMemAlign, int dioOffsetAlign) {

    /** Whether the file is a regular file ({@code S_ISREG}). */
    public boolean isRegularFile() {
        return (mode & StatxLayout.S_IFMT) == StatxLayout.S_IFREG;
    }

    /** Whether the file is a directory ({@code S_ISDIR}). */
    public boolean isDirectory() {
        return (mode & StatxLayout.S_IFMT) == StatxLayout.S_IFDIR;
    }

    /** Whether the file is a symbolic link ({@code S_ISLNK}; only when the stat did not follow links). */
    public boolean isSymbolicLink() {
        return (mode & StatxLayout.S_IFMT) == StatxLayout.S_IFLNK;
    }

    /** The permission bits ({@code 0777} and set-id/sticky). */
    public int permissions() {
        return mode & 07777;
    }
}

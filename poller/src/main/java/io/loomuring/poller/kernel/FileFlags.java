package io.loomuring.poller.kernel;

/**
 * {@code open(2)} flags, {@code *at(2)} flags and related constants. Most are the same on every
 * Linux architecture; {@code O_DIRECT}, {@code O_DIRECTORY}, {@code O_NOFOLLOW} and
 * {@code O_LARGEFILE} differ on arm64 and are chosen by {@code os.arch}.
 *
 * <pre>{@code
 *                 x86_64 / generic   arm64
 * O_DIRECT          040000           0200000
 * O_LARGEFILE      0100000           0400000
 * O_DIRECTORY      0200000           040000
 * O_NOFOLLOW       0400000           0100000
 * }</pre>
 */
public final class FileFlags {
    private FileFlags() {}

    private static final boolean ARM64 = "aarch64".equals(System.getProperty("os.arch"));

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DSYNC = 010000;
    public static final int O_SYNC = 04010000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_DIRECT = ARM64 ? 0200000 : 040000;
    public static final int O_LARGEFILE = ARM64 ? 0400000 : 0100000;
    public static final int O_DIRECTORY = ARM64 ? 040000 : 0200000;
    public static final int O_NOFOLLOW = ARM64 ? 0100000 : 0400000;

    /** {@code AT_FDCWD}: paths relative to the working directory. */
    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    public static final int AT_EMPTY_PATH = 0x1000;
    public static final int AT_STATX_SYNC_AS_STAT = 0;

    /** {@code renameat2} flags. */
    public static final int RENAME_NOREPLACE = 1;

    /** {@code IORING_FSYNC_DATASYNC}: fdatasync instead of fsync. */
    public static final int FSYNC_DATASYNC = 1;

    /** {@code preadv2} flags. */
    public static final int RWF_NOWAIT = 0x8;
}

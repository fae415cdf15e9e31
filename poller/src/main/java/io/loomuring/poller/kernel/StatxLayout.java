package io.loomuring.poller.kernel;

/**
 * Byte offsets of {@code struct statx} (256 bytes) and the {@code STATX_*} mask bits.
 *
 * <pre>{@code
 * struct statx_timestamp { __s64 tv_sec; __u32 tv_nsec; __s32 __reserved; };   // 16 bytes
 * struct statx {
 *     __u32 stx_mask;            // 0
 *     __u32 stx_blksize;         // 4
 *     __u64 stx_attributes;      // 8
 *     __u32 stx_nlink;           // 16
 *     __u32 stx_uid;             // 20
 *     __u32 stx_gid;             // 24
 *     __u16 stx_mode;            // 28
 *     __u16 __spare0[1];
 *     __u64 stx_ino;             // 32
 *     __u64 stx_size;            // 40
 *     __u64 stx_blocks;          // 48
 *     __u64 stx_attributes_mask; // 56
 *     struct statx_timestamp stx_atime;  // 64
 *     struct statx_timestamp stx_btime;  // 80
 *     struct statx_timestamp stx_ctime;  // 96
 *     struct statx_timestamp stx_mtime;  // 112
 *     __u32 stx_rdev_major;      // 128
 *     __u32 stx_rdev_minor;      // 132
 *     __u32 stx_dev_major;       // 136
 *     __u32 stx_dev_minor;       // 140
 *     __u64 stx_mnt_id;          // 144
 *     __u32 stx_dio_mem_align;   // 152  (STATX_DIOALIGN, Linux 6.1)
 *     __u32 stx_dio_offset_align;// 156
 *     ...                        // up to 256
 * };
 * }</pre>
 */
public final class StatxLayout {
    private StatxLayout() {}

    public static final long SIZE = 256;
    public static final long MASK = 0;
    public static final long BLKSIZE = 4;
    public static final long NLINK = 16;
    public static final long UID = 20;
    public static final long GID = 24;
    public static final long MODE = 28;
    public static final long INO = 32;
    public static final long FILE_SIZE = 40;
    public static final long BLOCKS = 48;
    public static final long ATIME = 64;
    public static final long BTIME = 80;
    public static final long CTIME = 96;
    public static final long MTIME = 112;
    public static final long DIO_MEM_ALIGN = 152;
    public static final long DIO_OFFSET_ALIGN = 156;

    public static final int STATX_BASIC_STATS = 0x7ff;
    public static final int STATX_SIZE = 0x200;
    public static final int STATX_BTIME = 0x800;
    public static final int STATX_DIOALIGN = 0x2000;

    /** {@code S_IFMT} and the file types of {@code stx_mode}. */
    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFSOCK = 0140000;

    /**
     * Whether {@code mode}'s file type is a FIFO, character device or socket: a stream, which
     * closed and opened again does not read the same bytes.
     */
    public static boolean isStream(int mode) {
        int type = mode & S_IFMT;
        return type == S_IFIFO || type == S_IFCHR || type == S_IFSOCK;
    }
}

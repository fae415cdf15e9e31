package io.loomuring.poller.kernel;

/**
 * Byte offsets of {@code struct io_uring_sqe} (64 bytes). Unions are listed by the member names
 * loom-uring uses.
 *
 * <pre>{@code
 * struct io_uring_sqe {
 *     __u8  opcode;        // 0
 *     __u8  flags;         // 1   IOSQE_*
 *     __u16 ioprio;        // 2
 *     __s32 fd;            // 4
 *     union { __u64 off; __u64 addr2; struct { __u32 cmd_op; __u32 __pad1; }; };        // 8
 *     union { __u64 addr; __u64 splice_off_in; struct { __u32 level; __u32 optname; }; }; // 16
 *     __u32 len;           // 24
 *     union { __kernel_rwf_t rw_flags; __u32 fsync_flags; __u32 poll32_events;
 *             __u32 msg_flags; __u32 timeout_flags; __u32 accept_flags; __u32 cancel_flags;
 *             __u32 open_flags; __u32 statx_flags; __u32 splice_flags; __u32 rename_flags;
 *             __u32 unlink_flags; __u32 hardlink_flags; ... };                            // 28
 *     __u64 user_data;     // 32
 *     union { __u16 buf_index; __u16 buf_group; } __attribute__((packed));                 // 40
 *     __u16 personality;   // 42
 *     union { __s32 splice_fd_in; __u32 file_index; __u32 optlen;
 *             struct { __u16 addr_len; __u16 __pad3[1]; }; };                              // 44
 *     union { struct { __u64 addr3; __u64 __pad2[1]; }; __u64 optval; __u8 cmd[0]; };    // 48
 * };                       // 64 bytes
 * }</pre>
 */
public final class SqeLayout {
    private SqeLayout() {}

    public static final long SIZE = 64;

    public static final long OPCODE = 0;
    public static final long FLAGS = 1;
    public static final long IOPRIO = 2;
    public static final long FD = 4;
    public static final long OFF = 8;
    public static final long ADDR = 16;
    public static final long LEN = 24;
    public static final long OP_FLAGS = 28;
    public static final long USER_DATA = 32;
    public static final long BUF_INDEX = 40;
    public static final long PERSONALITY = 42;
    public static final long SPLICE_FD_IN = 44;
    public static final long ADDR3 = 48;

    // sqe->flags (IOSQE_*)
    public static final int IOSQE_FIXED_FILE = 1;
    public static final int IOSQE_IO_DRAIN = 1 << 1;
    public static final int IOSQE_IO_LINK = 1 << 2;
    public static final int IOSQE_IO_HARDLINK = 1 << 3;
    public static final int IOSQE_ASYNC = 1 << 4;
    public static final int IOSQE_BUFFER_SELECT = 1 << 5;
    public static final int IOSQE_CQE_SKIP_SUCCESS = 1 << 6;
}

package io.loomuring.poller.kernel;

/**
 * {@code io_uring_register(2)} opcodes and the structs they take.
 *
 * <pre>{@code
 * IORING_REGISTER_BUFFERS = 0, IORING_UNREGISTER_BUFFERS = 1, IORING_REGISTER_FILES = 2,
 * IORING_UNREGISTER_FILES = 3, IORING_REGISTER_EVENTFD = 4, IORING_UNREGISTER_EVENTFD = 5,
 * IORING_REGISTER_FILES_UPDATE = 6, IORING_REGISTER_EVENTFD_ASYNC = 7, IORING_REGISTER_PROBE = 8,
 * IORING_REGISTER_PERSONALITY = 9, IORING_UNREGISTER_PERSONALITY = 10,
 * IORING_REGISTER_RESTRICTIONS = 11, IORING_REGISTER_ENABLE_RINGS = 12, ...
 * IORING_REGISTER_RING_FDS = 20, IORING_UNREGISTER_RING_FDS = 21,
 * IORING_REGISTER_PBUF_RING = 22, IORING_UNREGISTER_PBUF_RING = 23, IORING_REGISTER_SYNC_CANCEL = 24
 *
 * struct io_uring_rsrc_update { __u32 offset; __u32 resv; __aligned_u64 data; };  // 16 bytes
 *
 * struct io_uring_buf_reg {          struct io_uring_buf {
 *     __u64 ring_addr;    // 0           __u64 addr;   // 0
 *     __u32 ring_entries; // 8           __u32 len;    // 8
 *     __u16 bgid;         // 12          __u16 bid;    // 12
 *     __u16 flags;        // 14          __u16 resv;   // 14  (in entry 0: the ring's tail)
 *     __u64 resv[3];      // 16      };                // 16 bytes
 * };                      // 40 bytes
 *
 * struct io_uring_probe_op { __u8 op; __u8 resv; __u16 flags; __u32 resv2; };      // 8 bytes
 * struct io_uring_probe {
 *     __u8 last_op;      // 0  last opcode supported
 *     __u8 ops_len;      // 1  length of ops[] array below
 *     __u16 resv;
 *     __u32 resv2[3];
 *     struct io_uring_probe_op ops[];  // 16
 * };
 * #define IO_URING_OP_SUPPORTED (1U << 0)
 * }</pre>
 */
public final class RegisterOp {
    private RegisterOp() {}

    public static final int REGISTER_BUFFERS = 0;
    public static final int UNREGISTER_BUFFERS = 1;
    public static final int REGISTER_FILES = 2;
    public static final int UNREGISTER_FILES = 3;
    public static final int REGISTER_EVENTFD = 4;
    public static final int UNREGISTER_EVENTFD = 5;
    public static final int REGISTER_PROBE = 8;
    public static final int REGISTER_ENABLE_RINGS = 12;
    public static final int REGISTER_RING_FDS = 20;
    public static final int UNREGISTER_RING_FDS = 21;
    public static final int REGISTER_PBUF_RING = 22;
    public static final int UNREGISTER_PBUF_RING = 23;
    public static final int REGISTER_SYNC_CANCEL = 24;

    public static final long RSRC_UPDATE_SIZE = 16;
    public static final long RSRC_UPDATE_OFFSET = 0;
    public static final long RSRC_UPDATE_DATA = 8;

    public static final long BUF_REG_SIZE = 40;
    public static final long BUF_REG_RING_ADDR = 0;
    public static final long BUF_REG_RING_ENTRIES = 8;
    public static final long BUF_REG_BGID = 12;
    public static final long BUF_SIZE = 16;
    public static final long BUF_ADDR = 0;
    public static final long BUF_LEN = 8;
    public static final long BUF_BID = 12;
    /** The ring's tail: the {@code resv} field of entry 0. */
    public static final long BUF_RING_TAIL = 14;

    public static final long PROBE_HEADER_SIZE = 16;
    public static final long PROBE_LAST_OP = 0;
    public static final long PROBE_OPS_LEN = 1;
    public static final long PROBE_OP_SIZE = 8;
    public static final long PROBE_OP_FLAGS = 2;
    public static final int PROBE_OP_SUPPORTED = 1;
    /** How many ops the probe buffer asks about (opcodes are a byte). */
    public static final int PROBE_OPS = 256;
}

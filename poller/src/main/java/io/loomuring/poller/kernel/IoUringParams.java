package io.loomuring.poller.kernel;

/**
 * Byte offsets of {@code struct io_uring_params} and its two ring-offset structs.
 *
 * <pre>{@code
 * struct io_sqring_offsets {            struct io_cqring_offsets {
 *     __u32 head;         // 0              __u32 head;         // 0
 *     __u32 tail;         // 4              __u32 tail;         // 4
 *     __u32 ring_mask;    // 8              __u32 ring_mask;    // 8
 *     __u32 ring_entries; // 12             __u32 ring_entries; // 12
 *     __u32 flags;        // 16             __u32 overflow;     // 16
 *     __u32 dropped;      // 20             __u32 cqes;         // 20
 *     __u32 array;        // 24             __u32 flags;        // 24
 *     __u32 resv1;        // 28             __u32 resv1;        // 28
 *     __u64 user_addr;    // 32             __u64 user_addr;    // 32
 * };                      // 40 bytes     };                      // 40 bytes
 *
 * struct io_uring_params {
 *     __u32 sq_entries;      // 0
 *     __u32 cq_entries;      // 4
 *     __u32 flags;           // 8
 *     __u32 sq_thread_cpu;   // 12
 *     __u32 sq_thread_idle;  // 16
 *     __u32 features;        // 20
 *     __u32 wq_fd;           // 24
 *     __u32 resv[3];         // 28
 *     struct io_sqring_offsets sq_off;  // 40
 *     struct io_cqring_offsets cq_off;  // 80
 * };                         // 120 bytes
 * }</pre>
 */
public final class IoUringParams {
    private IoUringParams() {}

    public static final long SIZE = 120;

    public static final long SQ_ENTRIES = 0;
    public static final long CQ_ENTRIES = 4;
    public static final long FLAGS = 8;
    public static final long SQ_THREAD_CPU = 12;
    public static final long SQ_THREAD_IDLE = 16;
    public static final long FEATURES = 20;
    public static final long WQ_FD = 24;

    public static final long SQ_OFF = 40;
    public static final long CQ_OFF = 80;

    // io_sqring_offsets, relative to SQ_OFF
    public static final long SQ_HEAD = 0;
    public static final long SQ_TAIL = 4;
    public static final long SQ_RING_MASK = 8;
    public static final long SQ_RING_ENTRIES = 12;
    public static final long SQ_FLAGS = 16;
    public static final long SQ_DROPPED = 20;
    public static final long SQ_ARRAY = 24;

    // io_cqring_offsets, relative to CQ_OFF
    public static final long CQ_HEAD = 0;
    public static final long CQ_TAIL = 4;
    public static final long CQ_RING_MASK = 8;
    public static final long CQ_RING_ENTRIES = 12;
    public static final long CQ_OVERFLOW = 16;
    public static final long CQ_CQES = 20;
    public static final long CQ_FLAGS = 24;

    /** mmap offsets: {@code IORING_OFF_SQ_RING}, {@code IORING_OFF_CQ_RING}, {@code IORING_OFF_SQES}. */
    public static final long OFF_SQ_RING = 0L;
    public static final long OFF_CQ_RING = 0x8000000L;
    public static final long OFF_SQES = 0x10000000L;
}

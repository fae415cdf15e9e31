package io.loomuring.poller.kernel;

/**
 * Byte offsets of {@code struct io_uring_cqe} (16 bytes; 32 with {@code IORING_SETUP_CQE32},
 * which loom-uring does not request).
 *
 * <pre>{@code
 * struct io_uring_cqe {
 *     __u64 user_data;  // 0   sqe->user_data passed back
 *     __s32 res;        // 8   result code for this event (-errno on failure)
 *     __u32 flags;      // 12  IORING_CQE_F_*
 *     __u64 big_cqe[];  // only with IORING_SETUP_CQE32
 * };
 * }</pre>
 */
public final class CqeLayout {
    private CqeLayout() {}

    public static final long SIZE = 16;

    public static final long USER_DATA = 0;
    public static final long RES = 8;
    public static final long FLAGS = 12;

    /** {@code IORING_CQE_F_BUFFER}: the upper 16 bits of flags hold the provided buffer id. */
    public static final int F_BUFFER = 1;
    /** {@code IORING_CQE_F_MORE}: a multishot request will post more CQEs. */
    public static final int F_MORE = 1 << 1;
    /** {@code IORING_CQE_F_SOCK_NONEMPTY}: more data is queued on the socket. */
    public static final int F_SOCK_NONEMPTY = 1 << 2;
    /** {@code IORING_CQE_F_NOTIF}: the zero-copy send notification. */
    public static final int F_NOTIF = 1 << 3;
    /** {@code IORING_CQE_F_BUF_MORE}: an incremental provided buffer is not yet used up. */
    public static final int F_BUF_MORE = 1 << 4;
    /** {@code IORING_CQE_BUFFER_SHIFT}. */
    public static final int BUFFER_SHIFT = 16;
}

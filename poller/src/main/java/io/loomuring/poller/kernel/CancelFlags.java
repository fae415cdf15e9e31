package io.loomuring.poller.kernel;

/**
 * {@code IORING_OP_ASYNC_CANCEL} flags ({@code sqe->cancel_flags}).
 *
 * <pre>{@code
 * #define IORING_ASYNC_CANCEL_ALL      (1U << 0)  // cancel all requests that match
 * #define IORING_ASYNC_CANCEL_FD       (1U << 1)  // key by fd, not user_data
 * #define IORING_ASYNC_CANCEL_ANY      (1U << 2)  // match any request
 * #define IORING_ASYNC_CANCEL_FD_FIXED (1U << 3)  // 'fd' is a fixed descriptor
 * #define IORING_ASYNC_CANCEL_USERDATA (1U << 4)  // match on user_data (default)
 * #define IORING_ASYNC_CANCEL_OP       (1U << 5)  // match request based on opcode
 * }</pre>
 */
public final class CancelFlags {
    private CancelFlags() {}

    public static final int ALL = 1;
    public static final int FD = 1 << 1;
    public static final int ANY = 1 << 2;
    public static final int FD_FIXED = 1 << 3;
    public static final int USERDATA = 1 << 4;
    public static final int OP = 1 << 5;
}

package io.loomuring.poller.kernel;

/**
 * {@code io_uring_enter(2)} flags, the SQ ring's {@code flags} word, and the extended wait
 * argument.
 *
 * <pre>{@code
 * #define IORING_ENTER_GETEVENTS       (1U << 0)
 * #define IORING_ENTER_SQ_WAKEUP       (1U << 1)
 * #define IORING_ENTER_SQ_WAIT         (1U << 2)
 * #define IORING_ENTER_EXT_ARG         (1U << 3)
 * #define IORING_ENTER_REGISTERED_RING (1U << 4)
 *
 * #define IORING_SQ_NEED_WAKEUP  (1U << 0)  // sq ring flags
 * #define IORING_SQ_CQ_OVERFLOW  (1U << 1)
 * #define IORING_SQ_TASKRUN      (1U << 2)
 *
 * struct io_uring_getevents_arg {
 *     __u64 sigmask;         // 0
 *     __u32 sigmask_sz;      // 8
 *     __u32 min_wait_usec;   // 12  (pad before 6.12)
 *     __u64 ts;              // 16  struct __kernel_timespec *
 * };                         // 24 bytes
 * struct __kernel_timespec { __s64 tv_sec; long long tv_nsec; };  // 16 bytes
 * }</pre>
 */
public final class EnterFlags {
    private EnterFlags() {}

    public static final int GETEVENTS = 1;
    public static final int SQ_WAKEUP = 1 << 1;
    public static final int SQ_WAIT = 1 << 2;
    public static final int EXT_ARG = 1 << 3;
    public static final int REGISTERED_RING = 1 << 4;

    public static final int SQ_NEED_WAKEUP = 1;
    public static final int SQ_CQ_OVERFLOW = 1 << 1;
    public static final int SQ_TASKRUN = 1 << 2;

    public static final long GETEVENTS_ARG_SIZE = 24;
    public static final long GETEVENTS_ARG_SIGMASK = 0;
    public static final long GETEVENTS_ARG_SIGMASK_SZ = 8;
    public static final long GETEVENTS_ARG_TS = 16;
    public static final long TIMESPEC_SIZE = 16;
}

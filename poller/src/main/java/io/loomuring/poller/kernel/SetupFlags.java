package io.loomuring.poller.kernel;

import java.util.StringJoiner;

/**
 * {@code io_uring_setup(2)} flags ({@code IORING_SETUP_*}) and features ({@code IORING_FEAT_*}).
 *
 * <pre>{@code
 * #define IORING_SETUP_IOPOLL          (1U << 0)
 * #define IORING_SETUP_SQPOLL          (1U << 1)
 * #define IORING_SETUP_SQ_AFF          (1U << 2)
 * #define IORING_SETUP_CQSIZE          (1U << 3)
 * #define IORING_SETUP_CLAMP           (1U << 4)
 * #define IORING_SETUP_ATTACH_WQ       (1U << 5)
 * #define IORING_SETUP_R_DISABLED      (1U << 6)
 * #define IORING_SETUP_SUBMIT_ALL      (1U << 7)
 * #define IORING_SETUP_COOP_TASKRUN    (1U << 8)
 * #define IORING_SETUP_TASKRUN_FLAG    (1U << 9)
 * #define IORING_SETUP_SQE128          (1U << 10)
 * #define IORING_SETUP_CQE32           (1U << 11)
 * #define IORING_SETUP_SINGLE_ISSUER   (1U << 12)
 * #define IORING_SETUP_DEFER_TASKRUN   (1U << 13)
 * #define IORING_SETUP_NO_MMAP         (1U << 14)
 * #define IORING_SETUP_REGISTERED_FD_ONLY (1U << 15)
 * #define IORING_SETUP_NO_SQARRAY      (1U << 16)
 * }</pre>
 * Flags are kept in an {@code int} everywhere: several live above bit 7.
 */
public final class SetupFlags {
    private SetupFlags() {}

    public static final int IOPOLL = 1;
    public static final int SQPOLL = 1 << 1;
    public static final int SQ_AFF = 1 << 2;
    public static final int CQSIZE = 1 << 3;
    public static final int CLAMP = 1 << 4;
    public static final int ATTACH_WQ = 1 << 5;
    public static final int R_DISABLED = 1 << 6;
    public static final int SUBMIT_ALL = 1 << 7;
    public static final int COOP_TASKRUN = 1 << 8;
    public static final int TASKRUN_FLAG = 1 << 9;
    public static final int SQE128 = 1 << 10;
    public static final int CQE32 = 1 << 11;
    public static final int SINGLE_ISSUER = 1 << 12;
    public static final int DEFER_TASKRUN = 1 << 13;
    public static final int NO_MMAP = 1 << 14;
    public static final int REGISTERED_FD_ONLY = 1 << 15;
    public static final int NO_SQARRAY = 1 << 16;

    private static final String[] FLAG_NAMES = {
        "IOPOLL", "SQPOLL", "SQ_AFF", "CQSIZE", "CLAMP", "ATTACH_WQ", "R_DISABLED", "SUBMIT_ALL",
        "COOP_TASKRUN", "TASKRUN_FLAG", "SQE128", "CQE32", "SINGLE_ISSUER", "DEFER_TASKRUN",
        "NO_MMAP", "REGISTERED_FD_ONLY", "NO_SQARRAY"
    };

    // IORING_FEAT_* (params.features, written by the kernel)
    public static final int FEAT_SINGLE_MMAP = 1;
    public static final int FEAT_NODROP = 1 << 1;
    public static final int FEAT_SUBMIT_STABLE = 1 << 2;
    public static final int FEAT_RW_CUR_POS = 1 << 3;
    public static final int FEAT_CUR_PERSONALITY = 1 << 4;
    public static final int FEAT_FAST_POLL = 1 << 5;
    public static final int FEAT_POLL_32BITS = 1 << 6;
    public static final int FEAT_SQPOLL_NONFIXED = 1 << 7;
    public static final int FEAT_EXT_ARG = 1 << 8;
    public static final int FEAT_NATIVE_WORKERS = 1 << 9;
    public static final int FEAT_RSRC_TAGS = 1 << 10;
    public static final int FEAT_CQE_SKIP = 1 << 11;
    public static final int FEAT_LINKED_FILE = 1 << 12;
    public static final int FEAT_REG_REG_RING = 1 << 13;
    public static final int FEAT_RECVSEND_BUNDLE = 1 << 14;
    public static final int FEAT_MIN_TIMEOUT = 1 << 15;
    public static final int FEAT_RW_ATTR = 1 << 16;
    public static final int FEAT_NO_IOWAIT = 1 << 17;

    private static final String[] FEATURE_NAMES = {
        "SINGLE_MMAP", "NODROP", "SUBMIT_STABLE", "RW_CUR_POS", "CUR_PERSONALITY", "FAST_POLL",
        "POLL_32BITS", "SQPOLL_NONFIXED", "EXT_ARG", "NATIVE_WORKERS", "RSRC_TAGS", "CQE_SKIP",
        "LINKED_FILE", "REG_REG_RING", "RECVSEND_BUNDLE", "MIN_TIMEOUT", "RW_ATTR", "NO_IOWAIT"
    };

    /** {@code flags} as {@code A|B|C} names (unknown bits as {@code bit<n>}). */
    public static String flagNames(int flags) {
        return names(flags, FLAG_NAMES);
    }

    /** {@code features} as {@code A|B|C} names (unknown bits as {@code bit<n>}). */
    public static String featureNames(int features) {
        return names(features, FEATURE_NAMES);
    }

    private static String names(int bits, String[] names) {
        if (bits == 0) {
            return "0";
        }
        StringJoiner j = new StringJoiner("|");
        for (int i = 0; i < 32; i++) {
            if ((bits & (1 << i)) != 0) {
                j.add(i < names.length ? names[i] : "bit" + i);
            }
        }
        return j.toString();
    }
}

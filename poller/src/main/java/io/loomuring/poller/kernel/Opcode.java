package io.loomuring.poller.kernel;

/**
 * {@code enum io_uring_op}: the opcode byte of an SQE.
 *
 * <pre>{@code
 * enum io_uring_op {
 *     IORING_OP_NOP, IORING_OP_READV, IORING_OP_WRITEV, IORING_OP_FSYNC, IORING_OP_READ_FIXED,
 *     IORING_OP_WRITE_FIXED, IORING_OP_POLL_ADD, IORING_OP_POLL_REMOVE, IORING_OP_SYNC_FILE_RANGE,
 *     IORING_OP_SENDMSG, IORING_OP_RECVMSG, IORING_OP_TIMEOUT, IORING_OP_TIMEOUT_REMOVE,
 *     IORING_OP_ACCEPT, IORING_OP_ASYNC_CANCEL, IORING_OP_LINK_TIMEOUT, IORING_OP_CONNECT,
 *     IORING_OP_FALLOCATE, IORING_OP_OPENAT, IORING_OP_CLOSE, IORING_OP_FILES_UPDATE,
 *     IORING_OP_STATX, IORING_OP_READ, IORING_OP_WRITE, IORING_OP_FADVISE, IORING_OP_MADVISE,
 *     IORING_OP_SEND, IORING_OP_RECV, IORING_OP_OPENAT2, IORING_OP_EPOLL_CTL, IORING_OP_SPLICE,
 *     IORING_OP_PROVIDE_BUFFERS, IORING_OP_REMOVE_BUFFERS, IORING_OP_TEE, IORING_OP_SHUTDOWN,
 *     IORING_OP_RENAMEAT, IORING_OP_UNLINKAT, IORING_OP_MKDIRAT, IORING_OP_SYMLINKAT,
 *     IORING_OP_LINKAT, IORING_OP_MSG_RING, IORING_OP_FSETXATTR, IORING_OP_SETXATTR,
 *     IORING_OP_FGETXATTR, IORING_OP_GETXATTR, IORING_OP_SOCKET, IORING_OP_URING_CMD,
 *     IORING_OP_SEND_ZC, IORING_OP_SENDMSG_ZC, IORING_OP_READ_MULTISHOT, IORING_OP_WAITID,
 *     IORING_OP_FUTEX_WAIT, IORING_OP_FUTEX_WAKE, IORING_OP_FUTEX_WAITV,
 *     IORING_OP_FIXED_FD_INSTALL, IORING_OP_FTRUNCATE, IORING_OP_BIND, IORING_OP_LISTEN, ...
 * };
 * }</pre>
 */
public final class Opcode {
    private Opcode() {}

    public static final int NOP = 0;
    public static final int READV = 1;
    public static final int WRITEV = 2;
    public static final int FSYNC = 3;
    public static final int READ_FIXED = 4;
    public static final int WRITE_FIXED = 5;
    public static final int POLL_ADD = 6;
    public static final int POLL_REMOVE = 7;
    public static final int SYNC_FILE_RANGE = 8;
    public static final int SENDMSG = 9;
    public static final int RECVMSG = 10;
    public static final int TIMEOUT = 11;
    public static final int TIMEOUT_REMOVE = 12;
    public static final int ACCEPT = 13;
    public static final int ASYNC_CANCEL = 14;
    public static final int LINK_TIMEOUT = 15;
    public static final int CONNECT = 16;
    public static final int FALLOCATE = 17;
    public static final int OPENAT = 18;
    public static final int CLOSE = 19;
    public static final int FILES_UPDATE = 20;
    public static final int STATX = 21;
    public static final int READ = 22;
    public static final int WRITE = 23;
    public static final int FADVISE = 24;
    public static final int MADVISE = 25;
    public static final int SEND = 26;
    public static final int RECV = 27;
    public static final int OPENAT2 = 28;
    public static final int EPOLL_CTL = 29;
    public static final int SPLICE = 30;
    public static final int PROVIDE_BUFFERS = 31;
    public static final int REMOVE_BUFFERS = 32;
    public static final int TEE = 33;
    public static final int SHUTDOWN = 34;
    public static final int RENAMEAT = 35;
    public static final int UNLINKAT = 36;
    public static final int MKDIRAT = 37;
    public static final int SYMLINKAT = 38;
    public static final int LINKAT = 39;
    public static final int MSG_RING = 40;
    public static final int FSETXATTR = 41;
    public static final int SETXATTR = 42;
    public static final int FGETXATTR = 43;
    public static final int GETXATTR = 44;
    public static final int SOCKET = 45;
    public static final int URING_CMD = 46;
    public static final int SEND_ZC = 47;
    public static final int SENDMSG_ZC = 48;
    public static final int READ_MULTISHOT = 49;
    public static final int WAITID = 50;
    public static final int FUTEX_WAIT = 51;
    public static final int FUTEX_WAKE = 52;
    public static final int FUTEX_WAITV = 53;
    public static final int FIXED_FD_INSTALL = 54;
    public static final int FTRUNCATE = 55;
    public static final int BIND = 56;
    public static final int LISTEN = 57;

    private static final String[] NAMES = {
        "NOP", "READV", "WRITEV", "FSYNC", "READ_FIXED", "WRITE_FIXED", "POLL_ADD", "POLL_REMOVE",
        "SYNC_FILE_RANGE", "SENDMSG", "RECVMSG", "TIMEOUT", "TIMEOUT_REMOVE", "ACCEPT",
        "ASYNC_CANCEL", "LINK_TIMEOUT", "CONNECT", "FALLOCATE", "OPENAT", "CLOSE", "FILES_UPDATE",
        "STATX", "READ", "WRITE", "FADVISE", "MADVISE", "SEND", "RECV", "OPENAT2", "EPOLL_CTL",
        "SPLICE", "PROVIDE_BUFFERS", "REMOVE_BUFFERS", "TEE", "SHUTDOWN", "RENAMEAT", "UNLINKAT",
        "MKDIRAT", "SYMLINKAT", "LINKAT", "MSG_RING", "FSETXATTR", "SETXATTR", "FGETXATTR",
        "GETXATTR", "SOCKET", "URING_CMD", "SEND_ZC", "SENDMSG_ZC", "READ_MULTISHOT", "WAITID",
        "FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_WAITV", "FIXED_FD_INSTALL", "FTRUNCATE", "BIND", "LISTEN"
    };

    /** The {@code IORING_OP_} name of {@code opcode} without its prefix, or {@code OP_<n>}. */
    public static String name(int opcode) {
        return opcode >= 0 && opcode < NAMES.length ? NAMES[opcode] : "OP_" + opcode;
    }
}

package io.loomuring.internal;

import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

import io.loomuring.internal.memory.SockAddr;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.LibC;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The socket calls that do not wait and so need no ring: {@code socket}, {@code bind},
 * {@code listen}, {@code setsockopt}, {@code getsockopt}, {@code getsockname},
 * {@code getpeername}, {@code ioctl}. Each is a
 * {@link LibC} call with a borrowed {@link CallState} and returns its result or {@code -errno}.
 *
 * <p>Threads: any.
 */
public final class Net {
    private Net() {}

    /** Where a call's {@code sockaddr} goes in the scratch memory, and its length word after it. */
    private static final long ADDR = 0, ADDR_LEN = 128, VALUE = 136, VALUE_LEN = 152;

    /**
     * {@code ioctl(fd, request, &int)} for the requests that report one int ({@code FIONREAD}: bytes
     * queued for reading; {@code SIOCATMARK}: 1 at the urgent mark). Returns it, or {@code -errno}.
     */
    public static int ioctlInt(int fd, int request) {
        CallState st = CallState.take();
        try {
            MemorySegment v = st.scratch().asSlice(VALUE, 4);
            int r = LibC.ioctl(st, fd, request, v);
            return r == 0 ? v.get(JAVA_INT, 0) : r;
        } finally {
            st.release();
        }
    }

    /** {@code socket(family, type | SOCK_CLOEXEC, 0)}. */
    public static int socket(int family, int type) {
        CallState st = CallState.take();
        try {
            return LibC.socket(st, family, type | SocketConstants.SOCK_CLOEXEC, 0);
        } finally {
            st.release();
        }
    }

    /** {@code bind(fd, address)}. */
    public static int bind(int fd, SocketAddress address, int family) {
        CallState st = CallState.take();
        try {
            MemorySegment sa = st.scratch().asSlice(ADDR, 128);
            int len = SockAddr.write(address, family, sa);
            return LibC.bind(st, fd, sa, len);
        } finally {
            st.release();
        }
    }

    /**
     * {@code connect(fd, {AF_UNSPEC}, sizeof(struct sockaddr))}: dissolves a datagram socket's
     * association (connect(2), "AF_UNSPEC"). Never blocks.
     */
    public static int disconnect(int fd) {
        CallState st = CallState.take();
        try {
            MemorySegment sa = st.scratch().asSlice(ADDR, 16);
            sa.fill((byte) 0); // struct sockaddr, zeroed: sa_family = AF_UNSPEC
            return LibC.connect(st, fd, sa, 16);
        } finally {
            st.release();
        }
    }

    /** {@code listen(fd, backlog)}. */
    public static int listen(int fd, int backlog) {
        CallState st = CallState.take();
        try {
            return LibC.listen(st, fd, backlog);
        } finally {
            st.release();
        }
    }

    /** {@code setsockopt(fd, level, name, &value, 4)}. */
    public static int setInt(int fd, int level, int name, int value) {
        CallState st = CallState.take();
        try {
            MemorySegment v = st.scratch().asSlice(VALUE, 4);
            v.set(JAVA_INT, 0, value);
            return LibC.setsockopt(st, fd, level, name, v, 4);
        } finally {
            st.release();
        }
    }

    /** {@code setsockopt(fd, level, name, value, len)} with a value laid out by the caller; 0 or {@code -errno}. */
    public static int setRaw(int fd, int level, int name, MemorySegment value, int len) {
        CallState st = CallState.take();
        try {
            return LibC.setsockopt(st, fd, level, name, value, len);
        } finally {
            st.release();
        }
    }

    /** {@code SO_LINGER}: {@code seconds < 0} turns it off. */
    public static int setLinger(int fd, int seconds) {
        CallState st = CallState.take();
        try {
            MemorySegment v = st.scratch().asSlice(VALUE, 8);
            v.set(JAVA_INT, 0, seconds >= 0 ? 1 : 0);
            v.set(JAVA_INT, 4, Math.max(0, seconds));
            return LibC.setsockopt(st, fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_LINGER, v, 8);
        } finally {
            st.release();
        }
    }

    /** {@code getsockopt} of an int option ({@code SO_LINGER}: the seconds, or -1 when off); or {@code -errno}. */
    public static long getInt(int fd, int level, int name) {
        CallState st = CallState.take();
        try {
            MemorySegment v = st.scratch().asSlice(VALUE, 8);
            MemorySegment len = st.scratch().asSlice(VALUE_LEN, 4);
            len.set(JAVA_INT, 0, 8);
            int r = LibC.getsockopt(st, fd, level, name, v, len);
            if (r != 0) {
                return r;
            }
            if (level == SocketConstants.SOL_SOCKET && name == SocketConstants.SO_LINGER) {
                return v.get(JAVA_INT, 0) == 0 ? -1 : v.get(JAVA_INT, 4);
            }
            return v.get(JAVA_INT, 0);
        } finally {
            st.release();
        }
    }

    /**
     * The remote address of a socket that {@code accept} returned, as accept(2) itself would have
     * reported it: {@code getpeername}, and when that fails because the peer already reset the
     * connection ({@code ENOTCONN}), {@code getsockopt(SO_PEERNAME)}, which the kernel answers
     * from the socket's remembered peer even after the reset. {@code family} is the listening
     * socket's. Null when neither answers.
     */
    public static SocketAddress acceptedPeer(int fd, int family) {
        SocketAddress a = name(fd, true);
        if (a != null || family == SocketConstants.AF_UNIX) {
            return a;
        }
        CallState st = CallState.take();
        try {
            // SO_PEERNAME wants exactly the address's size: struct sockaddr_in or sockaddr_in6
            MemorySegment sa = st.scratch().asSlice(ADDR, 128);
            MemorySegment len = st.scratch().asSlice(ADDR_LEN, 4);
            len.set(JAVA_INT, 0, family == SocketConstants.AF_INET6 ? 28 : 16);
            int r = LibC.getsockopt(st, fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_PEERNAME, sa, len);
            return r == 0 ? SockAddr.read(sa, len.get(JAVA_INT, 0)) : null;
        } finally {
            st.release();
        }
    }

    /** The local ({@code peer == false}) or remote address of {@code fd}; null on failure. */
    public static SocketAddress name(int fd, boolean peer) {
        CallState st = CallState.take();
        try {
            MemorySegment sa = st.scratch().asSlice(ADDR, 128);
            MemorySegment len = st.scratch().asSlice(ADDR_LEN, 4);
            len.set(JAVA_INT, 0, 128);
            int r = LibC.sockname(st, fd, peer, sa, len);
            return r == 0 ? SockAddr.read(sa, len.get(JAVA_INT, 0)) : null;
        } finally {
            st.release();
        }
    }
}

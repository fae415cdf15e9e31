package io.loomuring.internal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;

import io.loomuring.internal.memory.IoVec;
import io.loomuring.internal.memory.SockAddr;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.LibC;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The system calls of a descriptor in non-blocking mode ({@code O_NONBLOCK} set): one attempt each,
 * made from the calling thread, never through a ring — a ring round trip would only learn what the
 * call itself says at once. {@code read}/{@code write}, {@code readv}/{@code writev},
 * {@code recvmsg}/{@code sendmsg}, {@code accept4}, {@code connect}, {@code recvfrom},
 * {@code sendto}, a zero-timeout {@code poll}, and {@code fcntl} to set or clear the flag. Every
 * call enters the descriptor's close protocol ({@link FdHandle#begin()}) so that a concurrent close
 * cannot hand the number to another file in between. Each returns its result or {@code -errno}
 * ({@code -EAGAIN}: nothing now).
 *
 * <p>Threads: any; the calls never wait, so a virtual thread pins its carrier only for the call.
 */
public final class NonBlocking {
    private NonBlocking() {}

    private static final int F_GETFL = 3, F_SETFL = 4, O_NONBLOCK = 04000;
    /** Where a call's {@code sockaddr} and its length go in the scratch memory. */
    private static final long ADDR = 0, ADDR_LEN = 128;

    /** {@code poll(2)} event bits (asm-generic/poll.h). */
    public static final int POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;

    private static CallState enter(FdHandle h) throws ClosedChannelException {
        if (!h.begin()) {
            throw new ClosedChannelException();
        }
        return CallState.take();
    }

    private static void leave(FdHandle h, CallState st) {
        st.release();
        h.end();
    }

    /**
     * Sets ({@code on}) or clears {@code O_NONBLOCK} on {@code h}'s descriptor.
     *
     * @throws ClosedChannelException the descriptor is closed
     * @throws IOException            fcntl failed (the errno named)
     */
    public static void configure(FdHandle h, boolean on) throws IOException {
        CallState st = enter(h);
        try {
            int flags = LibC.fcntl(st, h.fd(), F_GETFL, 0);
            if (flags < 0) {
                throw Errors.forFd(flags, "fcntl(F_GETFL)");
            }
            int want = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
            int r = want == flags ? 0 : LibC.fcntl(st, h.fd(), F_SETFL, want);
            if (r < 0) {
                throw Errors.forFd(r, "fcntl(F_SETFL)");
            }
        } finally {
            leave(h, st);
        }
    }

    /** {@code read(fd, addr, len)}, or {@code write} when {@code write}: the count or {@code -errno}. */
    public static long transfer(FdHandle h, boolean write, long addr, long len) throws ClosedChannelException {
        CallState st = enter(h);
        try {
            MemorySegment buf = MemorySegment.ofAddress(addr).reinterpret(len);
            return write ? LibC.write(st, h.fd(), buf, len) : LibC.read(st, h.fd(), buf, len);
        } finally {
            leave(h, st);
        }
    }

    /**
     * {@code recv(fd, addr, len, MSG_DONTWAIT)} or, when {@code send}, {@code send(fd, addr, len,
     * MSG_DONTWAIT | MSG_NOSIGNAL)} on a stream socket: the count or {@code -errno}.
     */
    public static long socketTransfer(FdHandle h, boolean send, long addr, long len) throws ClosedChannelException {
        CallState st = enter(h);
        try {
            MemorySegment buf = MemorySegment.ofAddress(addr).reinterpret(len);
            return send
                    ? LibC.sendto(st, h.fd(), buf, len, SocketConstants.MSG_DONTWAIT | SocketConstants.MSG_NOSIGNAL,
                            MemorySegment.NULL, 0)
                    : LibC.recvfrom(st, h.fd(), buf, len, SocketConstants.MSG_DONTWAIT, MemorySegment.NULL, MemorySegment.NULL);
        } finally {
            leave(h, st);
        }
    }

    /**
     * One vectored attempt over {@code iov}: {@code readv}/{@code writev} (a pipe), or on a stream
     * socket {@code recvmsg(MSG_DONTWAIT)} / {@code sendmsg(MSG_DONTWAIT | MSG_NOSIGNAL)}. Returns
     * the count or {@code -errno}; the caller then calls {@link IoVec#done} with a count.
     */
    public static long transferv(FdHandle h, boolean write, boolean socket, IoVec iov) throws ClosedChannelException {
        CallState st = enter(h);
        try {
            if (socket) {
                return write
                        ? LibC.sendmsg(st, h.fd(), iov.msghdr(), SocketConstants.MSG_DONTWAIT | SocketConstants.MSG_NOSIGNAL)
                        : LibC.recvmsg(st, h.fd(), iov.msghdr(), SocketConstants.MSG_DONTWAIT);
            }
            return write ? LibC.writev(st, h.fd(), iov.iov(), iov.count()) : LibC.readv(st, h.fd(), iov.iov(), iov.count());
        } finally {
            leave(h, st);
        }
    }

    /** {@code accept4(fd, NULL, NULL, SOCK_CLOEXEC)}: the new descriptor (blocking mode) or {@code -errno}. */
    public static int accept(FdHandle h) throws ClosedChannelException {
        CallState st = enter(h);
        try {
            return LibC.accept4(st, h.fd(), MemorySegment.NULL, MemorySegment.NULL, SocketConstants.SOCK_CLOEXEC);
        } finally {
            leave(h, st);
        }
    }

    /** {@code connect(fd, to)}: 0, or {@code -errno} ({@code -EINPROGRESS}: under way). */
    public static int connect(FdHandle h, SocketAddress to, int family) throws ClosedChannelException {
        CallState st = enter(h);
        try {
            MemorySegment sa = st.scratch().asSlice(ADDR, 128);
            int len = SockAddr.write(to, family, sa);
            return LibC.connect(st, h.fd(), sa, len);
        } finally {
            leave(h, st);
        }
    }

    /** A datagram received by {@link #receive}: its length ({@code -errno} on failure) and sender. */
    public record Received(long length, SocketAddress from) {}

    /** {@code recvfrom(fd, addr, len, MSG_DONTWAIT)} with the sender's address. */
    public static Received receive(FdHandle h, long addr, long len) throws ClosedChannelException {
        CallState st = enter(h);
        try {
            MemorySegment sa = st.scratch().asSlice(ADDR, 128);
            MemorySegment saLen = st.scratch().asSlice(ADDR_LEN, 4);
            saLen.set(JAVA_INT, 0, 128);
            MemorySegment buf = MemorySegment.ofAddress(addr).reinterpret(len);
            long r = LibC.recvfrom(st, h.fd(), buf, len, SocketConstants.MSG_DONTWAIT, sa, saLen);
            return r >= 0 ? new Received(r, SockAddr.read(sa, saLen.get(JAVA_INT, 0))) : new Received(r, null);
        } finally {
            leave(h, st);
        }
    }

    /** {@code sendto(fd, addr, len, MSG_DONTWAIT | MSG_NOSIGNAL, to)} ({@code to} null: the connected peer). */
    public static long send(FdHandle h, long addr, long len, SocketAddress to, int family) throws ClosedChannelException {
        CallState st = enter(h);
        try {
            MemorySegment sa = MemorySegment.NULL;
            int saLen = 0;
            if (to != null) {
                sa = st.scratch().asSlice(ADDR, 128);
                saLen = SockAddr.write(to, family, sa);
            }
            MemorySegment buf = MemorySegment.ofAddress(addr).reinterpret(len);
            return LibC.sendto(st, h.fd(), buf, len, SocketConstants.MSG_DONTWAIT | SocketConstants.MSG_NOSIGNAL, sa, saLen);
        } finally {
            leave(h, st);
        }
    }

    /** {@code send(fd, &data, 1, MSG_OOB | MSG_DONTWAIT | MSG_NOSIGNAL)}: 1, or {@code -errno}. */
    public static long sendUrgent(FdHandle h, int data) throws ClosedChannelException {
        CallState st = enter(h);
        try {
            MemorySegment b = st.scratch().asSlice(ADDR, 1);
            b.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) data);
            return LibC.sendto(st, h.fd(), b, 1, SocketConstants.MSG_OOB | SocketConstants.MSG_DONTWAIT
                    | SocketConstants.MSG_NOSIGNAL, MemorySegment.NULL, 0);
        } finally {
            leave(h, st);
        }
    }

    /** {@code poll(&{fd, events}, 1, 0)}: the events ready now (0: none), or {@code -errno}. */
    public static int pollNow(FdHandle h, int events) throws ClosedChannelException {
        CallState st = enter(h);
        try {
            MemorySegment pfd = st.scratch().asSlice(ADDR, 8);
            pfd.set(JAVA_INT, 0, h.fd());
            pfd.set(JAVA_SHORT, 4, (short) events);
            pfd.set(JAVA_SHORT, 6, (short) 0);
            int r = LibC.poll(st, pfd, 1L, 0);
            return r < 0 ? r : r == 0 ? 0 : pfd.get(JAVA_SHORT, 6) & 0xffff;
        } finally {
            leave(h, st);
        }
    }

    /** Whether {@code r} says "nothing now" ({@code EAGAIN}). */
    public static boolean wouldBlock(long r) {
        return r == -Errno.EAGAIN;
    }
}

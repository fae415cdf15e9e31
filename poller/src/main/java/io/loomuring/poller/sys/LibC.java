package io.loomuring.poller.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Every C library function loom-uring calls outside the io_uring system calls ({@link Syscalls}),
 * each linked once, here. Each method returns what the call returns on success and
 * {@code -errno} on failure (never {@code -1} with a separate errno), so a caller handles a
 * direct call exactly as it handles a CQE's {@code res}. {@code errno} is captured into the
 * {@link CallState} passed first, which the caller owns for the call.
 *
 * <p>Pointers are {@link MemorySegment}s; the caller keeps the memory alive for the call. None of
 * these calls is made on a descriptor that can block unless the caller wants it to (a descriptor
 * in {@code O_NONBLOCK} mode, {@code MSG_DONTWAIT}, a zero-timeout {@code poll}): a virtual thread
 * inside a downcall pins its carrier.
 *
 * <p>Threads: any.
 */
@SuppressWarnings("restricted")
public final class LibC {
    private LibC() {}

    private static final MethodHandle CLOSE, READ, WRITE, READV, WRITEV, PREADV2, PWRITEV2, FTRUNCATE, FCNTL,
            PIPE2, SOCKET, BIND, CONNECT, LISTEN, ACCEPT4, SETSOCKOPT, GETSOCKOPT, GETSOCKNAME, GETPEERNAME,
            SENDTO, RECVFROM, SENDMSG, RECVMSG, POLL, IOCTL, OPENAT, STATX;

    static {
        Syscalls.ensureLinked(); // a refused native access becomes the exception that names the flag
        CLOSE = link("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        READ = link("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        WRITE = link("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        READV = link("readv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        WRITEV = link("writev", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        PREADV2 = link("preadv2", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT));
        PWRITEV2 = link("pwritev2", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT));
        FTRUNCATE = link("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
        FCNTL = link("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
        PIPE2 = link("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        SOCKET = link("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        BIND = link("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        CONNECT = link("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        LISTEN = link("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        ACCEPT4 = link("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        SETSOCKOPT = link("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        GETSOCKOPT = link("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        GETSOCKNAME = link("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        GETPEERNAME = link("getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        SENDTO = link("sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        RECVFROM = link("recvfrom", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
        SENDMSG = link("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        RECVMSG = link("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        POLL = link("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        IOCTL = link("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
        STATX = link("statx", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        OPENAT = link("openat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(3));
    }

    private static MethodHandle link(String name, FunctionDescriptor fd, Linker.Option... more) {
        Linker linker = Linker.nativeLinker();
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(more, 0, options, 1, more.length);
        return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(
                () -> new UnsupportedOperationException("the C library has no " + name)), fd, options);
    }

    private static long check(long r, CallState st) {
        return r == -1 ? -st.errno() : r;
    }

    private static int check(int r, CallState st) {
        return r == -1 ? -st.errno() : r;
    }

    /** {@code close(fd)}. */
    public static int close(CallState st, int fd) {
        try {
            return check((int) CLOSE.invokeExact(st.segment, fd), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code openat(dirfd, path, flags, mode)}: the new descriptor. */
    public static int openat(CallState st, int dirfd, MemorySegment path, int flags, int mode) {
        try {
            return check((int) OPENAT.invokeExact(st.segment, dirfd, path, flags, mode), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code statx(dirfd, path, flags, mask, buf)}: 0. */
    public static int statx(CallState st, int dirfd, MemorySegment path, int flags, int mask, MemorySegment buf) {
        try {
            return check((int) STATX.invokeExact(st.segment, dirfd, path, flags, mask, buf), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code read(fd, buf, count)}: bytes read. */
    public static long read(CallState st, int fd, MemorySegment buf, long count) {
        try {
            return check((long) READ.invokeExact(st.segment, fd, buf, count), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code write(fd, buf, count)}: bytes written. */
    public static long write(CallState st, int fd, MemorySegment buf, long count) {
        try {
            return check((long) WRITE.invokeExact(st.segment, fd, buf, count), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code readv(fd, iov, iovcnt)}: bytes read. */
    public static long readv(CallState st, int fd, MemorySegment iov, int iovcnt) {
        try {
            return check((long) READV.invokeExact(st.segment, fd, iov, iovcnt), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code writev(fd, iov, iovcnt)}: bytes written. */
    public static long writev(CallState st, int fd, MemorySegment iov, int iovcnt) {
        try {
            return check((long) WRITEV.invokeExact(st.segment, fd, iov, iovcnt), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code preadv2(fd, iov, iovcnt, offset, flags)}: bytes read. */
    public static long preadv2(CallState st, int fd, MemorySegment iov, int iovcnt, long offset, int flags) {
        try {
            return check((long) PREADV2.invokeExact(st.segment, fd, iov, iovcnt, offset, flags), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code pwritev2(fd, iov, iovcnt, offset, flags)} ({@code offset} -1: the file position): bytes written. */
    public static long pwritev2(CallState st, int fd, MemorySegment iov, int iovcnt, long offset, int flags) {
        try {
            return check((long) PWRITEV2.invokeExact(st.segment, fd, iov, iovcnt, offset, flags), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code ftruncate(fd, length)}. */
    public static int ftruncate(CallState st, int fd, long length) {
        try {
            return check((int) FTRUNCATE.invokeExact(st.segment, fd, length), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code fcntl(fd, cmd, arg)} for the commands that take an int. */
    public static int fcntl(CallState st, int fd, int cmd, int arg) {
        try {
            return check((int) FCNTL.invokeExact(st.segment, fd, cmd, arg), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code pipe2(fds, flags)}: 0, the two descriptors written at {@code fds}. */
    public static int pipe2(CallState st, MemorySegment fds, int flags) {
        try {
            return check((int) PIPE2.invokeExact(st.segment, fds, flags), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code socket(domain, type, protocol)}: the new descriptor. */
    public static int socket(CallState st, int domain, int type, int protocol) {
        try {
            return check((int) SOCKET.invokeExact(st.segment, domain, type, protocol), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code bind(fd, addr, len)}. */
    public static int bind(CallState st, int fd, MemorySegment addr, int len) {
        try {
            return check((int) BIND.invokeExact(st.segment, fd, addr, len), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code connect(fd, addr, len)}. */
    public static int connect(CallState st, int fd, MemorySegment addr, int len) {
        try {
            return check((int) CONNECT.invokeExact(st.segment, fd, addr, len), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code listen(fd, backlog)}. */
    public static int listen(CallState st, int fd, int backlog) {
        try {
            return check((int) LISTEN.invokeExact(st.segment, fd, backlog), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code accept4(fd, addr, addrlen, flags)}: the new descriptor. */
    public static int accept4(CallState st, int fd, MemorySegment addr, MemorySegment addrLen, int flags) {
        try {
            return check((int) ACCEPT4.invokeExact(st.segment, fd, addr, addrLen, flags), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code setsockopt(fd, level, name, value, len)}. */
    public static int setsockopt(CallState st, int fd, int level, int name, MemorySegment value, int len) {
        try {
            return check((int) SETSOCKOPT.invokeExact(st.segment, fd, level, name, value, len), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code getsockopt(fd, level, name, value, len)}. */
    public static int getsockopt(CallState st, int fd, int level, int name, MemorySegment value, MemorySegment len) {
        try {
            return check((int) GETSOCKOPT.invokeExact(st.segment, fd, level, name, value, len), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code getsockname(fd, addr, len)} or, when {@code peer}, {@code getpeername}. */
    public static int sockname(CallState st, int fd, boolean peer, MemorySegment addr, MemorySegment len) {
        try {
            return check(peer ? (int) GETPEERNAME.invokeExact(st.segment, fd, addr, len)
                    : (int) GETSOCKNAME.invokeExact(st.segment, fd, addr, len), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code sendto(fd, buf, len, flags, addr, addrLen)} ({@code addr} NULL: the connected peer): bytes sent. */
    public static long sendto(CallState st, int fd, MemorySegment buf, long len, int flags, MemorySegment addr,
                              int addrLen) {
        try {
            return check((long) SENDTO.invokeExact(st.segment, fd, buf, len, flags, addr, addrLen), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code recvfrom(fd, buf, len, flags, addr, addrLen)} ({@code addr} NULL: no sender wanted): bytes received. */
    public static long recvfrom(CallState st, int fd, MemorySegment buf, long len, int flags, MemorySegment addr,
                                MemorySegment addrLen) {
        try {
            return check((long) RECVFROM.invokeExact(st.segment, fd, buf, len, flags, addr, addrLen), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code sendmsg(fd, msghdr, flags)}: bytes sent. */
    public static long sendmsg(CallState st, int fd, MemorySegment msghdr, int flags) {
        try {
            return check((long) SENDMSG.invokeExact(st.segment, fd, msghdr, flags), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code recvmsg(fd, msghdr, flags)}: bytes received. */
    public static long recvmsg(CallState st, int fd, MemorySegment msghdr, int flags) {
        try {
            return check((long) RECVMSG.invokeExact(st.segment, fd, msghdr, flags), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code poll(fds, nfds, timeoutMillis)}: the number of ready entries. */
    public static int poll(CallState st, MemorySegment fds, long nfds, int timeoutMillis) {
        try {
            return check((int) POLL.invokeExact(st.segment, fds, nfds, timeoutMillis), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }

    /** {@code ioctl(fd, request, arg)}. */
    public static int ioctl(CallState st, int fd, long request, MemorySegment arg) {
        try {
            return check((int) IOCTL.invokeExact(st.segment, fd, request, arg), st);
        } catch (Throwable t) {
            throw Syscalls.rethrow(t);
        }
    }
}

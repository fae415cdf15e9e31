package io.loomuring.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.SocketAddress;

import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.poller.sys.Syscalls;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import io.loomuring.internal.memory.SockAddr;

/**
 * The socket system calls that do not wait and so need no ring: {@code socket}, {@code bind},
 * {@code listen}, {@code setsockopt}, {@code getsockopt}, {@code getsockname},
 * {@code getpeername}. Each returns its result or {@code -errno}.
 *
 * <p>Threads: any.
 */
@SuppressWarnings("restricted")
public final class Net {
    private Net() {}

    private static final MethodHandle SOCKET, BIND, LISTEN, SETSOCKOPT, GETSOCKOPT, GETSOCKNAME, GETPEERNAME;
    private static final MethodHandle RECV, SEND, CONNECT, IOCTL;
    private static final long ERRNO_OFFSET = Linker.Option.captureStateLayout()
            .byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    static {
        Syscalls.ensureLinked();
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        SOCKET = linker.downcallHandle(libc.find("socket").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
        BIND = linker.downcallHandle(libc.find("bind").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        LISTEN = linker.downcallHandle(libc.find("listen").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno);
        SETSOCKOPT = linker.downcallHandle(libc.find("setsockopt").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        GETSOCKOPT = linker.downcallHandle(libc.find("getsockopt").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), errno);
        GETSOCKNAME = linker.downcallHandle(libc.find("getsockname").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), errno);
        GETPEERNAME = linker.downcallHandle(libc.find("getpeername").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), errno);
        CONNECT = linker.downcallHandle(libc.find("connect").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        RECV = linker.downcallHandle(libc.find("recv").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errno);
        SEND = linker.downcallHandle(libc.find("send").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errno);
        IOCTL = linker.downcallHandle(libc.find("ioctl").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), errno, Linker.Option.firstVariadicArg(2));
    }

    /**
     * {@code ioctl(fd, request, &int)} for the requests that report one int ({@code FIONREAD}: bytes
     * queued for reading; {@code SIOCATMARK}: 1 at the urgent mark). Returns it, or {@code -errno}.
     */
    public static int ioctlInt(int fd, int request) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment v = a.allocate(JAVA_INT);
            int r = (int) IOCTL.invokeExact(c, fd, (long) request, v);
            return r == 0 ? v.get(JAVA_INT, 0) : err(c);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code recv(fd, addr, len, MSG_DONTWAIT)} or {@code send(fd, addr, len, MSG_DONTWAIT |
     * MSG_NOSIGNAL)}: one attempt that never blocks. {@code capture} is caller-owned scratch
     * memory for errno. Returns the count or {@code -errno} ({@code -EAGAIN}: nothing now).
     */
    public static long tryTransfer(MemorySegment capture, boolean send, int fd, long addr, long len) {
        try {
            MemorySegment buf = MemorySegment.ofAddress(addr).reinterpret(len);
            long r = send
                    ? (long) SEND.invokeExact(capture, fd, buf, len, SocketConstants.MSG_DONTWAIT | SocketConstants.MSG_NOSIGNAL)
                    : (long) RECV.invokeExact(capture, fd, buf, len, SocketConstants.MSG_DONTWAIT);
            return r >= 0 ? r : err(capture);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static int err(MemorySegment capture) {
        return -capture.get(JAVA_INT, ERRNO_OFFSET);
    }

    /** {@code socket(family, type | SOCK_CLOEXEC, 0)}. */
    public static int socket(int family, int type) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) SOCKET.invokeExact(c, family, type | SocketConstants.SOCK_CLOEXEC, 0);
            return r >= 0 ? r : err(c);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code bind(fd, address)}. */
    public static int bind(int fd, SocketAddress address, int family) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment sa = a.allocate(128, 8);
            int len = SockAddr.write(address, family, sa);
            int r = (int) BIND.invokeExact(c, fd, sa, len);
            return r == 0 ? 0 : err(c);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code connect(fd, {AF_UNSPEC}, sizeof(struct sockaddr))}: dissolves a datagram socket's
     * association (connect(2), "AF_UNSPEC"). Never blocks.
     */
    public static int disconnect(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment sa = a.allocate(16, 8); // struct sockaddr, zeroed: sa_family = AF_UNSPEC
            int r = (int) CONNECT.invokeExact(c, fd, sa, 16);
            return r == 0 ? 0 : err(c);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code listen(fd, backlog)}. */
    public static int listen(int fd, int backlog) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) LISTEN.invokeExact(c, fd, backlog);
            return r == 0 ? 0 : err(c);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code setsockopt(fd, level, name, &value, 4)}; {@code linger >= 0} sets a {@code struct linger}. */
    public static int setInt(int fd, int level, int name, int value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment v = a.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, value);
            int r = (int) SETSOCKOPT.invokeExact(c, fd, level, name, v, 4);
            return r == 0 ? 0 : err(c);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code setsockopt(fd, level, name, value, len)} with a value laid out by the caller; 0 or {@code -errno}. */
    public static int setRaw(int fd, int level, int name, MemorySegment value, int len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) SETSOCKOPT.invokeExact(c, fd, level, name, value, len);
            return r == 0 ? 0 : err(c);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code SO_LINGER}: {@code seconds < 0} turns it off. */
    public static int setLinger(int fd, int seconds) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment v = a.allocate(8, 4);
            v.set(JAVA_INT, 0, seconds >= 0 ? 1 : 0);
            v.set(JAVA_INT, 4, Math.max(0, seconds));
            int r = (int) SETSOCKOPT.invokeExact(c, fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_LINGER, v, 8);
            return r == 0 ? 0 : err(c);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code getsockopt} of an int option ({@code SO_LINGER}: the seconds, or -1 when off); or {@code -errno}. */
    public static long getInt(int fd, int level, int name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment v = a.allocate(8, 4);
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 8);
            int r = (int) GETSOCKOPT.invokeExact(c, fd, level, name, v, len);
            if (r != 0) {
                return err(c);
            }
            if (level == SocketConstants.SOL_SOCKET && name == SocketConstants.SO_LINGER) {
                return v.get(JAVA_INT, 0) == 0 ? -1 : v.get(JAVA_INT, 4);
            }
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw new AssertionError(t);
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment c = arena.allocate(Linker.Option.captureStateLayout());
            // SO_PEERNAME wants exactly the address's size: struct sockaddr_in or sockaddr_in6
            int size = family == SocketConstants.AF_INET6 ? 28 : 16;
            MemorySegment sa = arena.allocate(128, 8);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, size);
            int r = (int) GETSOCKOPT.invokeExact(c, fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_PEERNAME, sa, len);
            return r == 0 ? SockAddr.read(sa, len.get(JAVA_INT, 0)) : null;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** The local ({@code peer == false}) or remote address of {@code fd}; null on failure. */
    public static SocketAddress name(int fd, boolean peer) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment sa = a.allocate(128, 8);
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 128);
            int r = peer ? (int) GETPEERNAME.invokeExact(c, fd, sa, len) : (int) GETSOCKNAME.invokeExact(c, fd, sa, len);
            return r == 0 ? SockAddr.read(sa, len.get(JAVA_INT, 0)) : null;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}

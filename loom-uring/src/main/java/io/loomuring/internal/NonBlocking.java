package io.loomuring.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;

import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.poller.sys.Syscalls;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import io.loomuring.internal.memory.SockAddr;

/**
 * The system calls of a descriptor in non-blocking mode ({@code O_NONBLOCK} set): one attempt each,
 * made from the calling thread, never through a ring — a ring round trip would only learn what the
 * call itself says at once. {@code read}, {@code write}, {@code accept4}, {@code connect},
 * {@code recvfrom}, {@code sendto}, a zero-timeout {@code poll}, and {@code fcntl} to set or clear
 * the flag. Every call enters the descriptor's close protocol ({@link FdHandle#begin()}) so that a
 * concurrent close cannot hand the number to another file in between. Each returns its result or
 * {@code -errno} ({@code -EAGAIN}: nothing now).
 *
 * <p>Threads: any; the calls never wait, so a virtual thread pins its carrier only for the call.
 */
@SuppressWarnings("restricted")
public final class NonBlocking {
    private NonBlocking() {}

    private static final MethodHandle FCNTL, READ, WRITE, ACCEPT4, CONNECT, RECVFROM, SENDTO, POLL;
    private static final long ERRNO_OFFSET = Linker.Option.captureStateLayout()
            .byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final int F_GETFL = 3, F_SETFL = 4, O_NONBLOCK = 04000;

    static {
        Syscalls.ensureLinked();
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        FCNTL = linker.downcallHandle(libc.find("fcntl").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno, Linker.Option.firstVariadicArg(2));
        READ = linker.downcallHandle(libc.find("read").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno);
        WRITE = linker.downcallHandle(libc.find("write").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno);
        ACCEPT4 = linker.downcallHandle(libc.find("accept4").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), errno);
        CONNECT = linker.downcallHandle(libc.find("connect").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        RECVFROM = linker.downcallHandle(libc.find("recvfrom").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS), errno);
        SENDTO = linker.downcallHandle(libc.find("sendto").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), errno);
        POLL = linker.downcallHandle(libc.find("poll").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errno);
    }

    /** {@code poll(2)} event bits (asm-generic/poll.h). */
    public static final int POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;

    private static int err(MemorySegment capture) {
        return -capture.get(JAVA_INT, ERRNO_OFFSET);
    }

    private static void enter(FdHandle h) throws ClosedChannelException {
        if (!h.begin()) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Sets ({@code on}) or clears {@code O_NONBLOCK} on {@code h}'s descriptor.
     *
     * @throws ClosedChannelException the descriptor is closed
     * @throws IOException            fcntl failed (the errno named)
     */
    public static void configure(FdHandle h, boolean on) throws IOException {
        enter(h);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            int flags = (int) FCNTL.invokeExact(c, h.fd(), F_GETFL, 0);
            if (flags < 0) {
                throw Errors.forFd(err(c), "fcntl(F_GETFL)");
            }
            int want = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
            if (want != flags && (int) FCNTL.invokeExact(c, h.fd(), F_SETFL, want) < 0) {
                throw Errors.forFd(err(c), "fcntl(F_SETFL)");
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            h.end();
        }
    }

    /** {@code read(fd, addr, len)}, or {@code write} when {@code write}: the count or {@code -errno}. */
    public static long transfer(FdHandle h, boolean write, long addr, long len) throws ClosedChannelException {
        enter(h);
        MemorySegment c = Scratch.take();
        try {
            MemorySegment buf = MemorySegment.ofAddress(addr).reinterpret(len);
            long r = write ? (long) WRITE.invokeExact(c, h.fd(), buf, len) : (long) READ.invokeExact(c, h.fd(), buf, len);
            return r >= 0 ? r : err(c);
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            Scratch.put(c);
            h.end();
        }
    }

    /** {@code accept4(fd, NULL, NULL, SOCK_CLOEXEC)}: the new descriptor (blocking mode) or {@code -errno}. */
    public static int accept(FdHandle h) throws ClosedChannelException {
        enter(h);
        MemorySegment c = Scratch.take();
        try {
            int r = (int) ACCEPT4.invokeExact(c, h.fd(), MemorySegment.NULL, MemorySegment.NULL, SocketConstants.SOCK_CLOEXEC);
            return r >= 0 ? r : err(c);
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            Scratch.put(c);
            h.end();
        }
    }

    /** {@code connect(fd, to)}: 0, or {@code -errno} ({@code -EINPROGRESS}: under way). */
    public static int connect(FdHandle h, SocketAddress to, int family) throws ClosedChannelException {
        enter(h);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment sa = a.allocate(128, 8);
            int len = SockAddr.write(to, family, sa);
            int r = (int) CONNECT.invokeExact(c, h.fd(), sa, len);
            return r == 0 ? 0 : err(c);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            h.end();
        }
    }

    /** A datagram received by {@link #receive}: its length ({@code -errno} on failure) and sender. */
    public record Received(long length, SocketAddress from) {}

    /** {@code recvfrom(fd, addr, len, MSG_DONTWAIT)} with the sender's address. */
    public static Received receive(FdHandle h, long addr, long len) throws ClosedChannelException {
        enter(h);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment sa = a.allocate(128, 8);
            MemorySegment saLen = a.allocate(JAVA_INT);
            saLen.set(JAVA_INT, 0, 128);
            MemorySegment buf = MemorySegment.ofAddress(addr).reinterpret(len);
            long r = (long) RECVFROM.invokeExact(c, h.fd(), buf, len, SocketConstants.MSG_DONTWAIT, sa, saLen);
            return r >= 0 ? new Received(r, SockAddr.read(sa, saLen.get(JAVA_INT, 0))) : new Received(err(c), null);
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            h.end();
        }
    }

    /** {@code sendto(fd, addr, len, MSG_DONTWAIT | MSG_NOSIGNAL, to)} ({@code to} null: the connected peer). */
    public static long send(FdHandle h, long addr, long len, SocketAddress to, int family) throws ClosedChannelException {
        enter(h);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment sa = MemorySegment.NULL;
            int saLen = 0;
            if (to != null) {
                sa = a.allocate(128, 8);
                saLen = SockAddr.write(to, family, sa);
            }
            MemorySegment buf = MemorySegment.ofAddress(addr).reinterpret(len);
            long r = (long) SENDTO.invokeExact(c, h.fd(), buf, len,
                    SocketConstants.MSG_DONTWAIT | SocketConstants.MSG_NOSIGNAL, sa, saLen);
            return r >= 0 ? r : err(c);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            h.end();
        }
    }

    /** {@code poll(&{fd, events}, 1, 0)}: the events ready now (0: none), or {@code -errno}. */
    public static int pollNow(FdHandle h, int events) throws ClosedChannelException {
        enter(h);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment pfd = a.allocate(8, 4);
            pfd.set(JAVA_INT, 0, h.fd());
            pfd.set(JAVA_SHORT, 4, (short) events);
            int r = (int) POLL.invokeExact(c, pfd, 1L, 0);
            return r < 0 ? err(c) : r == 0 ? 0 : pfd.get(JAVA_SHORT, 6) & 0xffff;
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            h.end();
        }
    }

    /** Whether {@code r} says "nothing now" ({@code EAGAIN}). */
    public static boolean wouldBlock(long r) {
        return r == -Errno.EAGAIN;
    }
}

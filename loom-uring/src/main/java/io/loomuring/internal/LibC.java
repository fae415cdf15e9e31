package io.loomuring.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.Syscalls;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few plain system calls loom-uring makes outside the ring: the non-blocking page-cache read
 * ({@code preadv2(RWF_NOWAIT)}), and fallbacks for kernels without an opcode. Each returns the
 * result or {@code -errno}.
 *
 * <p>Threads: any. These calls never block on I/O, so a virtual thread may make them (the FFM call
 * pins its carrier only for the call's few microseconds).
 */
@SuppressWarnings("restricted")
public final class LibC {
    private LibC() {}

    private static final MethodHandle PREADV2;
    private static final MethodHandle FTRUNCATE;
    private static final MethodHandle CLOSE;
    private static final MethodHandle PIPE2;
    private static final MethodHandle FCNTL_INT;

    static {
        Syscalls.ensureLinked();
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        PREADV2 = linker.downcallHandle(libc.find("preadv2").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT), errno);
        FTRUNCATE = linker.downcallHandle(libc.find("ftruncate").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), errno);
        CLOSE = linker.downcallHandle(libc.find("close").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
        PIPE2 = linker.downcallHandle(libc.find("pipe2").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), errno);
        FCNTL_INT = linker.downcallHandle(libc.find("fcntl").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno, Linker.Option.firstVariadicArg(2));
    }

    /** {@code F_SETPIPE_SZ} (linux/fcntl.h: F_LINUX_SPECIFIC_BASE + 7). */
    private static final int F_SETPIPE_SZ = 1031;

    /**
     * {@code fcntl(fd, F_SETPIPE_SZ, size)}: the pipe's new capacity (at least {@code size},
     * rounded up to pages), or {@code -errno} (EPERM past {@code /proc/sys/fs/pipe-max-size} or
     * the user's pipe budget).
     */
    public static int setPipeSize(int fd, int size) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) FCNTL_INT.invokeExact(capture, fd, F_SETPIPE_SZ, size);
            return r >= 0 ? r : -errno(capture);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code preadv2(fd, iov, 1, offset, flags)} with the one {@code iovec} written into
     * {@code scratch} (16 bytes, owned by the caller). {@code scratch} must be at least 16 + the
     * errno capture size; the capture area follows the iovec.
     */
    public static long preadv2(MemorySegment scratch, int fd, long addr, long len, long offset, int flags) {
        scratch.set(JAVA_LONG, 0, addr);
        scratch.set(JAVA_LONG, 8, len);
        MemorySegment capture = scratch.asSlice(16, Linker.Option.captureStateLayout().byteSize());
        try {
            long r = (long) PREADV2.invokeExact(capture, fd, scratch, 1, offset, flags);
            return r >= 0 ? r : -errno(capture);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code ftruncate(fd, length)}: 0 or {@code -errno}. */
    public static int ftruncate(int fd, long length) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) FTRUNCATE.invokeExact(capture, fd, length);
            return r == 0 ? 0 : -errno(capture);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code pipe2(fds, O_CLOEXEC)}: {read end, write end}, or {@code {-errno}}. */
    public static int[] pipe() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(Linker.Option.captureStateLayout());
            MemorySegment fds = a.allocate(8, 4);
            int r = (int) PIPE2.invokeExact(capture, fds, 02000000);
            return r == 0 ? new int[] {fds.get(JAVA_INT, 0), fds.get(JAVA_INT, 4)} : new int[] {-errno(capture)};
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code close(fd)}: 0 or {@code -errno}. */
    public static int close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            return Syscalls.close(new CallState(a), fd);
        }
    }

    private static int errno(MemorySegment capture) {
        return capture.get(JAVA_INT, Linker.Option.captureStateLayout()
                .byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno")));
    }
}

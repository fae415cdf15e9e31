package io.loomuring.poller.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The io_uring system calls and the memory and eventfd calls a ring needs; every other C library
 * function is in {@link LibC}. Each is linked once here; each returns what the
 * kernel returns: a non-negative result, or {@code -errno} on failure (never {@code -1} with a
 * separate errno), so callers handle every call the way they handle a CQE's {@code res}.
 *
 * <p>glibc has no wrappers for the io_uring calls: they go through {@code syscall(2)}, with the
 * variadic arguments passed as 64-bit values (the kernel reads the low 32 bits of {@code unsigned
 * int} parameters). The syscall numbers 425–427 are shared by every architecture.
 *
 * <p>Thread safety: every method may be called from any thread; {@link CallState} is not shared.
 */
@SuppressWarnings("restricted")
public final class Syscalls {
    private Syscalls() {}

    private static final long NR_IO_URING_SETUP = 425;
    private static final long NR_IO_URING_ENTER = 426;
    private static final long NR_IO_URING_REGISTER = 427;
    private static final long NR_OPENAT2 = 437;           // the same number on every architecture

    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MAP_POPULATE = 0x8000;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;

    private static final MethodHandle MH_SYSCALL2;   // setup(entries, params)
    private static final MethodHandle MH_SYSCALL4;   // register(fd, op, arg, nr_args)
    private static final MethodHandle MH_SYSCALL6;   // enter(fd, to_submit, min_complete, flags, arg, argsz)
    private static final MethodHandle MH_MMAP;
    private static final MethodHandle MH_MUNMAP;
    private static final MethodHandle MH_EVENTFD;
    private static final MethodHandle MH_EVENTFD_WRITE;
    private static final RuntimeException LINK_FAILURE;

    static {
        MethodHandle s2 = null, s4 = null, s6 = null, mmap = null, munmap = null, efd = null, efdWrite = null;
        RuntimeException failure = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            Linker.Option variadic = Linker.Option.firstVariadicArg(1);
            MemorySegment syscall = libc.find("syscall").orElseThrow();
            s2 = linker.downcallHandle(syscall,
                    FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS), errno, variadic);
            s4 = linker.downcallHandle(syscall,
                    FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG),
                    errno, variadic);
            s6 = linker.downcallHandle(syscall,
                    FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                            ADDRESS, JAVA_LONG), errno, variadic);
            mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
                    errno);
            munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), errno);
            efd = linker.downcallHandle(libc.find("eventfd").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno);
            // eventfd_write(2) cannot block (the counter never nears overflow) and is a few hundred
            // nanoseconds: linked as a critical call, without errno capture, so a producer can wake
            // the ring thread without allocating.
            efdWrite = linker.downcallHandle(libc.find("eventfd_write").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), Linker.Option.critical(false));
        } catch (IllegalCallerException e) {
            failure = NativeAccess.refused(e);
        } catch (RuntimeException e) {
            failure = new UnsupportedOperationException(
                    "cannot link the C library's system call entry points: " + e, e);
        }
        MH_SYSCALL2 = s2;
        MH_SYSCALL4 = s4;
        MH_SYSCALL6 = s6;
        MH_MMAP = mmap;
        MH_MUNMAP = munmap;
        MH_EVENTFD = efd;
        MH_EVENTFD_WRITE = efdWrite;
        LINK_FAILURE = failure;
    }

    /**
     * Throws the failure met while linking, if any: an {@link IllegalCallerException} naming the
     * {@code --enable-native-access} flag to add when native access was refused.
     */
    public static void ensureLinked() {
        if (LINK_FAILURE != null) {
            throw LINK_FAILURE;
        }
    }

    private static long check(long r, CallState st) {
        return r == -1 ? -st.errno() : r;
    }

    /** {@code io_uring_setup(entries, params)}: the ring fd, or {@code -errno}. */
    public static int ioUringSetup(CallState st, int entries, MemorySegment params) {
        ensureLinked();
        try {
            return (int) check((long) MH_SYSCALL2.invokeExact(st.segment, NR_IO_URING_SETUP,
                    (long) entries, params), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code io_uring_enter(fd, toSubmit, minComplete, flags, arg, argSize)}: the number of SQEs
     * consumed, or {@code -errno}. {@code fd} is a registered ring index when {@code flags} holds
     * {@code IORING_ENTER_REGISTERED_RING}.
     */
    public static int ioUringEnter(CallState st, int fd, int toSubmit, int minComplete, int flags,
                                   MemorySegment arg, long argSize) {
        try {
            return (int) check((long) MH_SYSCALL6.invokeExact(st.segment, NR_IO_URING_ENTER,
                    (long) fd, (long) toSubmit, (long) minComplete, (long) flags, arg, argSize), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code io_uring_register(fd, opcode, arg, nrArgs)}: the kernel's result, or {@code -errno}. */
    public static int ioUringRegister(CallState st, int fd, int opcode, MemorySegment arg, int nrArgs) {
        ensureLinked();
        try {
            return (int) check((long) MH_SYSCALL4.invokeExact(st.segment, NR_IO_URING_REGISTER,
                    (long) fd, (long) opcode, arg, (long) nrArgs), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code openat2(dirfd, path, how, sizeof how)} — {@code path} the address of a NUL-terminated
     * name, {@code how} a {@code struct open_how} (flags, mode, resolve: 3 × u64): the new fd, or
     * {@code -errno} ({@code EAGAIN} for {@code RESOLVE_CACHED} when the lookup would block).
     */
    public static int openat2(CallState st, int dirfd, long path, MemorySegment how) {
        ensureLinked();
        try {
            return (int) check((long) MH_SYSCALL4.invokeExact(st.segment, NR_OPENAT2,
                    (long) dirfd, path, how, how.byteSize()), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_POPULATE, fd, offset)}.
     * Returns the mapping's address, or {@code -errno} (the mapping is never at a negative address).
     */
    public static long mmapShared(CallState st, long length, int fd, long offset) {
        ensureLinked();
        try {
            MemorySegment p = (MemorySegment) MH_MMAP.invokeExact(st.segment, MemorySegment.NULL, length,
                    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, offset);
            return p.address() == -1L ? -st.errno() : p.address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code munmap(address, length)}: 0 or {@code -errno}. */
    public static int munmap(CallState st, long address, long length) {
        try {
            return (int) check((int) MH_MUNMAP.invokeExact(st.segment, MemorySegment.ofAddress(address),
                    length), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code eventfd(initval, flags)}: the new fd, or {@code -errno}. */
    public static int eventfd(CallState st, int initval, int flags) {
        ensureLinked();
        try {
            return (int) check((int) MH_EVENTFD.invokeExact(st.segment, initval, flags), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code eventfd_write(fd, value)}: 0, or -1 on failure (errno not captured). */
    public static int eventfdWrite(int fd, long value) {
        try {
            return (int) MH_EVENTFD_WRITE.invokeExact(fd, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError("downcall threw a checked exception", t);
    }
}

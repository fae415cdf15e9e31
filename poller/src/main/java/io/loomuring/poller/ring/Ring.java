package io.loomuring.poller.ring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import io.loomuring.poller.kernel.EnterFlags;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.IoUringParams;
import io.loomuring.poller.kernel.RegisterOp;
import io.loomuring.poller.kernel.SetupFlags;
import io.loomuring.poller.kernel.SqeLayout;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.LibC;
import io.loomuring.poller.sys.Syscalls;

import static io.loomuring.poller.kernel.IoUringParams.CQ_OFF;
import static io.loomuring.poller.kernel.IoUringParams.SQ_OFF;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One io_uring instance: the ring fd, its mapped queues, and what the kernel granted.
 *
 * <p>Lifecycle: {@link #open} (any thread) creates and maps the ring, disabled when the preferred
 * flags were granted; {@link #enable} on the thread that will own the ring makes it the single
 * issuer, registers the ring fd and probes opcodes; from then on only that thread calls
 * {@link #enter}, {@link #sq()} and {@link #cq()}; {@link #close} runs on that thread too, or after
 * it has ended.
 */
@SuppressWarnings("restricted")
public final class Ring implements AutoCloseable {
    private final Arena arena;            // ring-owned native memory: params, wait args, probe
    private final int ringFd;
    private final int requestedFlags;
    private final int setupFlags;         // as the kernel reported them: an int, all 32 bits
    private final int features;
    private final List<String> refused;
    private final int sqEntries;
    private final int cqEntries;
    private final long sqMapAddr, sqMapSize;
    private final long cqMapAddr, cqMapSize;  // 0 when the CQ shares the SQ mapping
    private final long sqesAddr, sqesSize;
    private final SubmissionQueue sq;
    private final CompletionQueue cq;
    private final CallState st;           // errno capture: the owning thread's
    private final MemorySegment waitArg;  // struct io_uring_getevents_arg
    private final MemorySegment timespec; // struct __kernel_timespec
    private final boolean[] supported = new boolean[RegisterOp.PROBE_OPS];
    private int enterFd;                  // registered ring index, or the ring fd
    private int enterFlags;               // IORING_ENTER_REGISTERED_RING when registered
    private boolean ringFdRegistered;
    private boolean closed;

    private Ring(Arena arena, RingSetup.Result r) throws IoUringUnavailableException {
        this.arena = arena;
        this.st = new CallState(arena);
        this.ringFd = r.fd();
        this.requestedFlags = r.requestedFlags();
        this.setupFlags = r.flags();
        this.features = r.features();
        this.refused = r.refused();
        MemorySegment p = r.params();
        this.sqEntries = p.get(JAVA_INT, IoUringParams.SQ_ENTRIES);
        this.cqEntries = p.get(JAVA_INT, IoUringParams.CQ_ENTRIES);
        int sqArray = p.get(JAVA_INT, SQ_OFF + IoUringParams.SQ_ARRAY);
        int cqes = p.get(JAVA_INT, CQ_OFF + IoUringParams.CQ_CQES);
        long sqSize = sqArray + 4L * sqEntries;
        long cqSize = cqes + 16L * cqEntries;
        boolean single = (features & SetupFlags.FEAT_SINGLE_MMAP) != 0;
        if (single) {
            sqSize = Math.max(sqSize, cqSize);
        }
        long sqMap = 0, cqMap = 0, sqes = 0;
        try {
            sqMap = map(sqSize, IoUringParams.OFF_SQ_RING);
            cqMap = single ? 0 : map(cqSize, IoUringParams.OFF_CQ_RING);
            sqes = map(SqeLayout.SIZE * sqEntries, IoUringParams.OFF_SQES);
        } catch (IoUringUnavailableException e) {
            if (sqMap > 0) Syscalls.munmap(st, sqMap, sqSize);
            if (cqMap > 0) Syscalls.munmap(st, cqMap, cqSize);
            LibC.close(st, ringFd);
            throw e;
        }
        this.sqMapAddr = sqMap;
        this.sqMapSize = sqSize;
        this.cqMapAddr = cqMap;
        this.cqMapSize = single ? 0 : cqSize;
        this.sqesAddr = sqes;
        this.sqesSize = SqeLayout.SIZE * sqEntries;
        MemorySegment sqRing = MemorySegment.ofAddress(sqMap).reinterpret(sqSize);
        MemorySegment cqRing = single ? sqRing : MemorySegment.ofAddress(cqMap).reinterpret(cqSize);
        this.sq = new SubmissionQueue(sqRing,
                p.get(JAVA_INT, SQ_OFF + IoUringParams.SQ_HEAD), p.get(JAVA_INT, SQ_OFF + IoUringParams.SQ_TAIL),
                p.get(JAVA_INT, SQ_OFF + IoUringParams.SQ_FLAGS), p.get(JAVA_INT, SQ_OFF + IoUringParams.SQ_DROPPED),
                sqArray, sqRing.get(JAVA_INT, p.get(JAVA_INT, SQ_OFF + IoUringParams.SQ_RING_MASK)), sqEntries,
                MemorySegment.ofAddress(sqes).reinterpret(sqesSize));
        this.cq = new CompletionQueue(cqRing,
                p.get(JAVA_INT, CQ_OFF + IoUringParams.CQ_HEAD), p.get(JAVA_INT, CQ_OFF + IoUringParams.CQ_TAIL),
                p.get(JAVA_INT, CQ_OFF + IoUringParams.CQ_OVERFLOW), cqes,
                cqRing.get(JAVA_INT, p.get(JAVA_INT, CQ_OFF + IoUringParams.CQ_RING_MASK)), cqEntries);
        this.waitArg = arena.allocate(EnterFlags.GETEVENTS_ARG_SIZE, 8);
        this.timespec = arena.allocate(EnterFlags.TIMESPEC_SIZE, 8);
        this.enterFd = ringFd;
    }

    private long map(long size, long offset) throws IoUringUnavailableException {
        long addr = Syscalls.mmapShared(st, size, ringFd, offset);
        if (addr < 0) {
            throw new IoUringUnavailableException("mmap of the io_uring queues failed with "
                    + Errno.name((int) -addr) + " (size " + size + "; check `ulimit -l` on kernels before 5.12)",
                    (int) -addr, null);
        }
        return addr;
    }

    /**
     * Creates and maps a ring, negotiating setup flags (see {@link RingSetup}).
     *
     * @throws IoUringUnavailableException io_uring is refused in this process; the message says why
     */
    public static Ring open(RingOptions opts) throws IoUringUnavailableException {
        Arena arena = Arena.ofShared();
        try {
            return new Ring(arena, RingSetup.negotiate(arena, opts));
        } catch (IoUringUnavailableException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Makes the calling thread the ring's owner: enables a disabled ring (with SINGLE_ISSUER the
     * enabling task becomes the only one allowed to submit), registers the ring fd for this thread
     * when asked, and probes the supported opcodes.
     */
    public void enable(boolean registerRingFd) {
        if ((setupFlags & SetupFlags.R_DISABLED) != 0) {
            int r = Syscalls.ioUringRegister(st, ringFd, RegisterOp.REGISTER_ENABLE_RINGS, MemorySegment.NULL, 0);
            if (r < 0) {
                throw new IllegalStateException("IORING_REGISTER_ENABLE_RINGS failed: " + Errno.name(r));
            }
        }
        if (registerRingFd) {
            // struct io_uring_rsrc_update { offset = -1U (any free slot); data = ring fd }
            MemorySegment upd = arena.allocate(RegisterOp.RSRC_UPDATE_SIZE, 8);
            upd.set(JAVA_INT, RegisterOp.RSRC_UPDATE_OFFSET, -1);
            upd.set(JAVA_LONG, RegisterOp.RSRC_UPDATE_DATA, ringFd);
            int r = Syscalls.ioUringRegister(st, ringFd, RegisterOp.REGISTER_RING_FDS, upd, 1);
            if (r == 1) {
                enterFd = upd.get(JAVA_INT, RegisterOp.RSRC_UPDATE_OFFSET);
                enterFlags = EnterFlags.REGISTERED_RING;
                ringFdRegistered = true;
            }
        }
        probe();
    }

    private void probe() {
        long size = RegisterOp.PROBE_HEADER_SIZE + RegisterOp.PROBE_OP_SIZE * RegisterOp.PROBE_OPS;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment probe = a.allocate(size, 8);
            int r = Syscalls.ioUringRegister(st, ringFd, RegisterOp.REGISTER_PROBE, probe, RegisterOp.PROBE_OPS);
            if (r < 0) {
                return; // before 5.6 there is no probe: report nothing as supported beyond NOP
            }
            int opsLen = probe.get(JAVA_BYTE, RegisterOp.PROBE_OPS_LEN) & 0xff;
            for (int i = 0; i < opsLen; i++) {
                long op = RegisterOp.PROBE_HEADER_SIZE + RegisterOp.PROBE_OP_SIZE * i;
                int flags = probe.get(JAVA_SHORT, op + RegisterOp.PROBE_OP_FLAGS) & 0xffff;
                supported[probe.get(JAVA_BYTE, op) & 0xff] = (flags & RegisterOp.PROBE_OP_SUPPORTED) != 0;
            }
        }
    }

    /**
     * Publishes prepared SQEs and enters the kernel once: submits them, runs pending task work and,
     * when {@code minComplete > 0}, waits until that many CQEs are ready or {@code timeoutNanos}
     * passes ({@code <= 0}: no limit).
     *
     * @return SQEs consumed by the kernel, 0 when interrupted by a signal or timed out, or
     *         {@code -errno} for EBUSY/EAGAIN (completions must be reaped first); other errors throw
     */
    public int enter(int minComplete, long timeoutNanos) {
        return enter(minComplete, timeoutNanos, enterFd, enterFlags);
    }

    /**
     * {@link #enter(int, long) enter(0, 0)} from a thread other than the one that registered the
     * ring fd (the plain fd; a registered index is its registering thread's alone). Only on a ring
     * without {@code SINGLE_ISSUER}, and only by whoever owns the ring at that moment.
     */
    public int enterAsGuest() {
        return enter(0, 0, ringFd, 0);
    }

    private int enter(int minComplete, long timeoutNanos, int fd, int registered) {
        int toSubmit = sq.flush() + sq.pending();
        int flags = EnterFlags.GETEVENTS | registered;
        MemorySegment arg = MemorySegment.NULL;
        long argSize = 0;
        if (minComplete > 0 && timeoutNanos > 0 && (features & SetupFlags.FEAT_EXT_ARG) != 0) {
            timespec.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
            timespec.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            waitArg.set(JAVA_LONG, EnterFlags.GETEVENTS_ARG_SIGMASK, 0L);
            waitArg.set(JAVA_INT, EnterFlags.GETEVENTS_ARG_SIGMASK_SZ, 8);
            waitArg.set(JAVA_LONG, EnterFlags.GETEVENTS_ARG_TS, timespec.address());
            arg = waitArg;
            argSize = EnterFlags.GETEVENTS_ARG_SIZE;
            flags |= EnterFlags.EXT_ARG;
        }
        int r = Syscalls.ioUringEnter(st, fd, toSubmit, minComplete, flags, arg, argSize);
        if (r >= 0) {
            return r;
        }
        return switch (-r) {
            case Errno.EINTR, Errno.ETIME -> 0;
            case Errno.EBUSY, Errno.EAGAIN -> r;
            default -> throw new IllegalStateException("io_uring_enter failed: " + Errno.name(r));
        };
    }

    /** Whether the kernel supports {@code opcode} ({@code IORING_REGISTER_PROBE}); valid after {@link #enable}. */
    public boolean supports(int opcode) {
        return opcode >= 0 && opcode < supported.length && supported[opcode];
    }

    public SubmissionQueue sq() { return sq; }
    public CompletionQueue cq() { return cq; }
    public int fd() { return ringFd; }
    /** The setup flags the kernel granted (bits above 7 included). */
    public int setupFlags() { return setupFlags; }
    /** The flags asked for in the attempt that succeeded. */
    public int requestedFlags() { return requestedFlags; }
    /** {@code IORING_FEAT_*} bits the kernel reported. */
    public int features() { return features; }
    /** Flag combinations the kernel refused before granting {@link #setupFlags()}, with the errno. */
    public List<String> refusedFlags() { return refused; }
    public int sqEntries() { return sqEntries; }
    public int cqEntries() { return cqEntries; }
    public boolean ringFdRegistered() { return ringFdRegistered; }

    /**
     * Unregisters the ring fd, unmaps the queues and closes the ring fd. Call only when no
     * operation is in flight: the kernel may write into their buffers until their CQEs arrive.
     * Closing twice is harmless.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ringFdRegistered) {
            MemorySegment upd = arena.allocate(RegisterOp.RSRC_UPDATE_SIZE, 8);
            upd.set(JAVA_INT, RegisterOp.RSRC_UPDATE_OFFSET, enterFd);
            Syscalls.ioUringRegister(st, ringFd, RegisterOp.UNREGISTER_RING_FDS, upd, 1);
        }
        Syscalls.munmap(st, sqesAddr, sqesSize);
        if (cqMapAddr != 0) {
            Syscalls.munmap(st, cqMapAddr, cqMapSize);
        }
        Syscalls.munmap(st, sqMapAddr, sqMapSize);
        LibC.close(st, ringFd);
        arena.close();
    }

    @Override
    public String toString() {
        return "Ring[fd=" + ringFd + ", sq=" + sqEntries + ", cq=" + cqEntries + ", flags="
                + SetupFlags.flagNames(setupFlags) + ", features=" + SetupFlags.featureNames(features) + "]";
    }
}

package io.loomuring.poller.ring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.IoUringParams;
import io.loomuring.poller.kernel.SetupFlags;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.Syscalls;

import static io.loomuring.poller.kernel.SetupFlags.COOP_TASKRUN;
import static io.loomuring.poller.kernel.SetupFlags.CQSIZE;
import static io.loomuring.poller.kernel.SetupFlags.DEFER_TASKRUN;
import static io.loomuring.poller.kernel.SetupFlags.R_DISABLED;
import static io.loomuring.poller.kernel.SetupFlags.SINGLE_ISSUER;
import static io.loomuring.poller.kernel.SetupFlags.SUBMIT_ALL;
import static io.loomuring.poller.kernel.SetupFlags.TASKRUN_FLAG;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code io_uring_setup} with flag negotiation: the preferred flags first, then cooperative task
 * running, then plain. EINVAL means "not this combination" and moves to the next; any other errno
 * means io_uring is unavailable and ends the negotiation with an {@link IoUringUnavailableException}.
 */
public final class RingSetup {
    private RingSetup() {}

    /**
     * One task issues, task work runs only when the ring thread asks for completions, a failing SQE
     * does not stop the batch, and the ring starts disabled so that the ring thread (not the
     * creating thread) becomes its single issuer.
     */
    public static final int PREFERRED = SINGLE_ISSUER | DEFER_TASKRUN | SUBMIT_ALL | CQSIZE | R_DISABLED;
    /** The fallback for kernels before 6.1: task work at the next kernel entry, signalled by a flag. */
    public static final int COOPERATIVE = COOP_TASKRUN | TASKRUN_FLAG | SUBMIT_ALL | CQSIZE;
    /** The last resort: a CQ size of our choosing, then nothing at all. */
    private static final int[] LAST_RESORTS = {CQSIZE, 0};

    /**
     * System property naming an errno ({@code EPERM}, {@code ENOSYS}, {@code ENOMEM}) that setup
     * reports instead of calling the kernel: how tests and demonstrations exercise the refusal
     * path on a machine where io_uring works.
     */
    public static final String INJECT_ERRNO_PROPERTY = "loomuring.inject.setupErrno";

    /** The outcome: the ring fd, the params as the kernel filled them, and what was refused first. */
    record Result(int fd, MemorySegment params, int requestedFlags, List<String> refused) {
        int flags() { return params.get(JAVA_INT, IoUringParams.FLAGS); }
        int features() { return params.get(JAVA_INT, IoUringParams.FEATURES); }
    }

    static Result negotiate(Arena arena, RingOptions opts) throws IoUringUnavailableException {
        try {
            Syscalls.ensureLinked();
        } catch (IllegalCallerException | UnsupportedOperationException e) {
            throw new IoUringUnavailableException(e.getMessage(), 0, e);
        }
        List<Integer> attempts = new ArrayList<>();
        attempts.add(opts.preferredFlags());
        if (opts.preferredFlags() != COOPERATIVE) {
            attempts.add(COOPERATIVE);
        }
        for (int f : LAST_RESORTS) {
            attempts.add(f);
        }
        CallState st = new CallState(arena);
        MemorySegment params = arena.allocate(IoUringParams.SIZE, 8);
        List<String> refused = new ArrayList<>();
        for (int flags : attempts) {
            params.fill((byte) 0);
            params.set(JAVA_INT, IoUringParams.FLAGS, flags);
            params.set(JAVA_INT, IoUringParams.CQ_ENTRIES, opts.cqEntries());
            int injected = injectedErrno();
            int fd = injected != 0 ? -injected : Syscalls.ioUringSetup(st, opts.sqEntries(), params);
            if (fd >= 0) {
                int granted = params.get(JAVA_INT, IoUringParams.FLAGS);
                if (granted != flags) {
                    // Never silently lose a flag: the kernel must report exactly what was asked.
                    refused.add(SetupFlags.flagNames(flags) + ": kernel reported "
                            + SetupFlags.flagNames(granted));
                }
                return new Result(fd, params, flags, List.copyOf(refused));
            }
            if (-fd != Errno.EINVAL) {
                throw IoUringUnavailableException.forSetupErrno(-fd);
            }
            refused.add(SetupFlags.flagNames(flags) + ": " + Errno.name(-fd));
        }
        throw IoUringUnavailableException.forSetupErrno(Errno.EINVAL);
    }

    private static int injectedErrno() {
        String name = System.getProperty(INJECT_ERRNO_PROPERTY);
        if (name == null || name.isEmpty()) {
            return 0;
        }
        for (int e = 1; e < 134; e++) {
            if (Errno.name(e).equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException(INJECT_ERRNO_PROPERTY + ": unknown errno name " + name);
    }
}

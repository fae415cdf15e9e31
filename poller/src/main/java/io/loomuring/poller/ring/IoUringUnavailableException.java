package io.loomuring.poller.ring;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.loomuring.poller.kernel.Errno;

/**
 * io_uring cannot be used in this process: {@code io_uring_setup(2)} was refused, or the JVM
 * refused native access. The message names the likely cause and how to check it; {@link #errno()}
 * is the refusing errno (0 when the refusal did not come from the kernel).
 */
public final class IoUringUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public IoUringUnavailableException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** The errno with which the kernel refused io_uring, or 0. */
    public int errno() {
        return errno;
    }

    /** The exception for {@code io_uring_setup} failing with {@code -errno}. */
    public static IoUringUnavailableException forSetupErrno(int errno) {
        int e = Math.abs(errno);
        String name = Errno.name(e);
        String why = switch (e) {
            case Errno.ENOSYS -> "this kernel has no io_uring (older than 5.1, or built without "
                    + "CONFIG_IO_URING), or a seccomp filter answers ENOSYS; check `uname -r` and "
                    + "`grep Seccomp /proc/self/status`";
            case Errno.EPERM -> "io_uring is switched off by the sysctl kernel.io_uring_disabled ("
                    + sysctl() + "; 1 allows only the io_uring_group, 2 denies everyone), or a "
                    + "seccomp filter blocks it (Docker's and containerd's default profiles do; "
                    + "check `grep Seccomp /proc/self/status`)";
            case Errno.ENOMEM -> "the ring's memory could not be allocated or locked; before Linux "
                    + "5.12 rings count against RLIMIT_MEMLOCK (check `ulimit -l`)";
            case Errno.EMFILE, Errno.ENFILE -> "the process or the system is out of file descriptors "
                    + "(check `ulimit -n`)";
            case Errno.EINVAL -> "the kernel refused every setup flag combination loom-uring knows, "
                    + "even none; check `uname -r` (5.1 or later is required)";
            default -> "an unexpected refusal";
        };
        return new IoUringUnavailableException("io_uring_setup failed with " + name + ": " + why, e, null);
    }

    /**
     * The sysctl's value, read with {@code java.io}: under the default-provider switch a
     * {@code java.nio.file} read would come back into loom-uring, whose first ring is being set up.
     */
    private static String sysctl() {
        try (FileInputStream in = new FileInputStream("/proc/sys/kernel/io_uring_disabled")) {
            return "now " + new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            return "not present on this kernel";
        }
    }
}

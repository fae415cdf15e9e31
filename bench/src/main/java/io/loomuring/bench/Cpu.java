package io.loomuring.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of this process, or of another from {@code /proc/<pid>/stat} (utime + stime, in clock ticks of 10 ms). */
final class Cpu {
    private Cpu() {}

    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

    /**
     * CPU nanoseconds used so far by this process (all threads, io_uring's io-wq workers included),
     * from {@code CLOCK_PROCESS_CPUTIME_ID}: no file is read, so under the file system switch the
     * measurement itself takes no path of ours (reading {@code /proc} with {@code Files} at the
     * start of a window deoptimized the measured code).
     */
    static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU nanoseconds used so far by process {@code pid}. */
    static long ofPid(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is f[0]; utime is field 14 overall, i.e. f[11]; stime f[12]
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}

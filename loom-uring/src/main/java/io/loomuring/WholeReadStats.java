package io.loomuring;

import io.loomuring.spi.FileCounters;

/**
 * How {@link UringFiles#readAllBytes} calls of this process were served, since it started.
 *
 * @param chains   reads done by one linked submission in a ring (open, read, read, close)
 * @param onCaller reads done by system calls on the calling thread
 * @param throughFile reads through an open file: files longer than one chain reads (read again),
 *                 or a chain that found no free fixed-file slot in its ring
 */
public record WholeReadStats(long chains, long onCaller, long throughFile) {
    /** The counters now. */
    public static WholeReadStats now() {
        return new WholeReadStats(FileCounters.WHOLE_CHAINS.sum(), FileCounters.WHOLE_ON_CALLER.sum(),
                FileCounters.WHOLE_THROUGH_FILE.sum());
    }

    /** One line, {@code key=value} pairs separated by spaces. */
    @Override
    public String toString() {
        return "chains=" + chains + " onCaller=" + onCaller + " throughFile=" + throughFile;
    }
}

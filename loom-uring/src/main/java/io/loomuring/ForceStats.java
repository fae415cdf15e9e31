package io.loomuring;

import io.loomuring.spi.FileCounters;

/**
 * How the forces of every io_uring-backed {@link UringFile} of this process (and so of every
 * {@code FileChannel} under the file system switch) were served, since it started.
 * Concurrent forces of one file share {@code fsync}s (group commit, see {@link UringFile#force}).
 *
 * @param forces  {@link UringFile#force} calls (and so {@code FileChannel.force} under the switch)
 * @param syncs   {@code fsync}/{@code fdatasync} system calls made for them; {@code forces - syncs}
 *                forces shared another thread's sync
 * @param chained {@link UringFile#writeAndForce} calls served by one linked write and sync (not
 *                counted among {@code forces} or {@code syncs})
 */
public record ForceStats(long forces, long syncs, long chained) {
    /** The counters now. */
    public static ForceStats now() {
        return new ForceStats(FileCounters.FORCES.sum(), FileCounters.SYNCS.sum(), FileCounters.WRITE_SYNC_CHAINS.sum());
    }

    /** One line, {@code key=value} pairs separated by spaces. */
    @Override
    public String toString() {
        return "forces=" + forces + " syncs=" + syncs + " chained=" + chained;
    }
}

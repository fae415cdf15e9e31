package io.loomuring.spi;

import java.util.concurrent.atomic.LongAdder;

/** Process-wide file counters, kept by the backends and read by {@link io.loomuring.ForceStats}. */
public final class FileCounters {
    private FileCounters() {}

    /** {@code force} calls of io_uring-backed files. */
    public static final LongAdder FORCES = new LongAdder();
    /** {@code fsync}/{@code fdatasync} calls made for them. */
    public static final LongAdder SYNCS = new LongAdder();
    /** Whole-file reads done by one linked chain in a ring (open, read, read, close). */
    public static final LongAdder WHOLE_CHAINS = new LongAdder();
    /** Whole-file reads done by system calls on the calling thread. */
    public static final LongAdder WHOLE_ON_CALLER = new LongAdder();
    /** Whole-file reads through an open file: longer than a chain reads, or no fixed-file slot free. */
    public static final LongAdder WHOLE_THROUGH_FILE = new LongAdder();
    /** {@code writeAndForce} calls served by one linked write and sync. */
    public static final LongAdder WRITE_SYNC_CHAINS = new LongAdder();
}

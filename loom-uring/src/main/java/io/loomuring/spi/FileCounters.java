package io.loomuring.spi;

import java.util.concurrent.atomic.LongAdder;

/** Process-wide file counters, kept by the backends and read by {@link io.loomuring.ForceStats}. */
public final class FileCounters {
    private FileCounters() {}

    /** {@code force} calls of io_uring-backed files. */
    public static final LongAdder FORCES = new LongAdder();
    /** {@code fsync}/{@code fdatasync} calls made for them. */
    public static final LongAdder SYNCS = new LongAdder();
}

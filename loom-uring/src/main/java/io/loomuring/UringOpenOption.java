package io.loomuring;

import java.nio.file.OpenOption;

/** Open options beyond {@link java.nio.file.StandardOpenOption}. */
public enum UringOpenOption implements OpenOption {
    /**
     * {@code O_DIRECT}: transfers bypass the page cache. Buffer addresses, file positions and
     * lengths must then be multiples of the file's direct-I/O alignment ({@link FileStat#dioMemAlign()},
     * {@link FileStat#dioOffsetAlign()}); a misaligned call throws {@link IllegalArgumentException}
     * naming the alignment, before anything reaches the kernel.
     */
    DIRECT,
    /** {@code O_NOATIME}: reads do not update the access time (owner or CAP_FOWNER only). */
    NOATIME
}

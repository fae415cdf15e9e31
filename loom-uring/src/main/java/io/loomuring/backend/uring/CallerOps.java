package io.loomuring.backend.uring;

/**
 * Which file operations run as direct system calls on the calling thread instead of through the
 * ring: the kinds the ring would hand to an io-wq worker thread (a thread hop and a wake-up each)
 * or that measured cheaper there (docs/design/files.md has the figures). Buffered writes
 * ({@link CallerWrites}), creating or truncating opens and other opens ({@code openat} /
 * {@code openat2(RESOLVE_CACHED)}, {@code PathOp.runOnCaller}), an open file's {@code statx}
 * ({@code RingFile}) and close ({@code FdHandle.ofFile}). An interrupted thread always goes
 * through the ring, where its interrupt is acted on.
 *
 * <p>{@code -Dloomuring.file.caller=false}: none, everything through the ring;
 * {@code -Dloomuring.file.callerOps}: a comma-separated subset of {@code write,create,open,stat,close}
 * (default: all five), to measure each kind alone.
 */
final class CallerOps {
    private CallerOps() {}

    static final boolean ENABLED = !"false".equals(System.getProperty("loomuring.file.caller"));
    private static final String OPS = System.getProperty("loomuring.file.callerOps", "write,create,open,stat,close");

    static final boolean WRITES = ENABLED && OPS.contains("write");
    static final boolean CREATES = ENABLED && OPS.contains("create");
    static final boolean OPENS = ENABLED && OPS.matches("(^|.*,)open(,.*|$)");
    static final boolean STATS = ENABLED && OPS.contains("stat");
    static final boolean CLOSES = ENABLED && OPS.contains("close");
}

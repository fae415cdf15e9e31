/** java.nio and java.net adapters over loom-uring, and switches for unmodified programs. */
module io.loomuring.compat {
    requires transitive io.loomuring;
}

/** java.nio adapters over loom-uring: today {@link io.loomuring.compat.UringFileChannel}; socket channels and the global switches are to come. */
module io.loomuring.compat {
    requires transitive io.loomuring;
}

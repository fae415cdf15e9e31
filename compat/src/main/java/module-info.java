/** java.nio adapters over loom-uring: {@link io.loomuring.compat.UringFileChannel} and the default file system provider switch; socket channels are to come. */
module io.loomuring.compat {
    requires transitive io.loomuring;
}

/** java.nio and java.net adapters over loom-uring and the switches for unmodified programs; see the package documentation. */
module io.loomuring.compat {
    requires transitive io.loomuring;

    exports io.loomuring.compat;
}

/** Runnable programs built on loom-uring. */
module io.loomuring.samples {
    requires io.loomuring.compat;
    exports io.loomuring.samples;
}

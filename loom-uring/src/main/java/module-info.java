/** Blocking files and sockets for virtual threads, done by io_uring. */
module io.loomuring {
    requires transitive io.loomuring.poller;
    exports io.loomuring;
}

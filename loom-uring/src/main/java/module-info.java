/** Blocking files and sockets for virtual threads, done by io_uring. */
module io.loomuring {
    requires transitive io.loomuring.poller;
    requires static transitive jdk.net; // ExtendedSocketOptions, when the runtime has them (spi.JdkNet)
    requires static jdk.jfr; // the operations' events (internal.jfr), when the runtime has JFR (IoEvents.PRESENT)
    requires static jdk.unsupported; // com.sun.nio.file.ExtendedOpenOption.DIRECT for the JDK backend, when present
    exports io.loomuring;
    exports io.loomuring.spi to io.loomuring.compat; // the seam compat uses (and nothing else of the machinery)
    uses io.loomuring.spi.BackendProvider; // the API finds its two backends (Backend.provider)
    provides io.loomuring.spi.BackendProvider
            with io.loomuring.backend.uring.UringBackend, io.loomuring.backend.jdk.JdkBackend;
}

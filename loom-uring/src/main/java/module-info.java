/** Blocking files and sockets for virtual threads, done by io_uring. */
module io.loomuring {
    requires transitive io.loomuring.poller;
    requires static transitive jdk.net; // ExtendedSocketOptions, when the runtime has them (internal.JdkNet)
    requires static jdk.jfr; // the operations' events (internal.jfr), when the runtime has JFR (IoEvents.PRESENT)
    requires static jdk.unsupported; // com.sun.nio.file.ExtendedOpenOption.DIRECT for the JDK backend, when present
    exports io.loomuring;
    exports io.loomuring.internal to io.loomuring.compat;
    exports io.loomuring.internal.op to io.loomuring.compat;
    uses io.loomuring.internal.BackendProvider; // the API finds its two backends (Backend.provider)
    provides io.loomuring.internal.BackendProvider
            with io.loomuring.backend.uring.UringBackend, io.loomuring.backend.jdk.JdkBackend;
}

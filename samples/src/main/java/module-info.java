/** Runnable programs built on loom-uring: echo, HTTP file server, cat/cp, reverse proxy. */
module io.loomuring.samples {
    requires io.loomuring.compat;
    requires jdk.unsupported;
    requires static java.net.http; // the tests (patched into this module) drive the HTTP sample with HttpClient
    exports io.loomuring.samples;
    exports io.loomuring.samples.http;
}

/**
 * The io_uring binding (FFM, no JNI) and the poller that lets many virtual threads share a ring.
 */
module io.loomuring.poller {
    exports io.loomuring.poller;
    exports io.loomuring.poller.kernel;
    exports io.loomuring.poller.ring;
    exports io.loomuring.poller.sys;
    exports io.loomuring.poller.carrier;
}

package io.loomuring.samples;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loomuring.Backend;

/** The backend a test class runs on; URING skips with the reason where io_uring is unavailable. */
final class Backends {
    private Backends() {}

    static Backend require(Backend b) {
        if (b == Backend.URING) {
            assumeTrue(io.loomuring.Backends.current() == Backend.URING,
                    () -> "io_uring unavailable: " + io.loomuring.Backends.reason());
        }
        return b;
    }

    static String name(Backend b) {
        return b == Backend.URING ? "uring" : "jdk";
    }
}

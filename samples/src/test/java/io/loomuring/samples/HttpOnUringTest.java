package io.loomuring.samples;

import io.loomuring.Backend;

/** {@link HttpSampleCases} on the URING backend. */
class HttpOnUringTest extends HttpSampleCases {
    @Override
    Backend backend() {
        return Backend.URING;
    }
}

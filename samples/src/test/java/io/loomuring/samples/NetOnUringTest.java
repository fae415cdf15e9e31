package io.loomuring.samples;

import io.loomuring.Backend;

/** {@link NetSampleCases} on the URING backend. */
class NetOnUringTest extends NetSampleCases {
    @Override
    Backend backend() {
        return Backend.URING;
    }
}

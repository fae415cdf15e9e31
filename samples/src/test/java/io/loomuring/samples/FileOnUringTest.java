package io.loomuring.samples;

import io.loomuring.Backend;

/** {@link FileSampleCases} on the URING backend. */
class FileOnUringTest extends FileSampleCases {
    @Override
    Backend backend() {
        return Backend.URING;
    }
}

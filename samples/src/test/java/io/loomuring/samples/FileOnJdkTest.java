package io.loomuring.samples;

import io.loomuring.Backend;

/** {@link FileSampleCases} on the JDK backend. */
class FileOnJdkTest extends FileSampleCases {
    @Override
    Backend backend() {
        return Backend.JDK;
    }
}

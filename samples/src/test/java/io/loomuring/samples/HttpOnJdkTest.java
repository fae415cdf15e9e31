package io.loomuring.samples;

import io.loomuring.Backend;

/** {@link HttpSampleCases} on the JDK backend. */
class HttpOnJdkTest extends HttpSampleCases {
    @Override
    Backend backend() {
        return Backend.JDK;
    }
}

package io.loomuring.samples;

import io.loomuring.Backend;

/** {@link NetSampleCases} on the JDK backend. */
class NetOnJdkTest extends NetSampleCases {
    @Override
    Backend backend() {
        return Backend.JDK;
    }
}

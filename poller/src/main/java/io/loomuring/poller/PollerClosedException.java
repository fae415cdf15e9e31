package io.loomuring.poller;

import java.io.IOException;

/**
 * The poller an operation was handed to was closed (or its ring thread failed) before the
 * operation could complete. When the ring thread failed, the cause is that failure.
 */
public final class PollerClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    public PollerClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.loomuring.internal;

import java.io.IOException;

import io.loomuring.UringSocket;

/** The accept of a listening socket in non-blocking mode (see {@link NonBlockingMode}). */
public interface NonBlockingAccept extends NonBlockingMode {
    /**
     * One accept attempt: the connection (a socket in blocking mode), or null when none is waiting.
     *
     * @throws IOException accept failed (the errno named)
     */
    UringSocket acceptNow() throws IOException;
}

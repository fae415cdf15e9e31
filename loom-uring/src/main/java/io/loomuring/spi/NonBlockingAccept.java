package io.loomuring.spi;

import java.io.IOException;

import io.loomuring.UringServerSocket;
import io.loomuring.UringSocket;

/** A listening socket's non-blocking side: one accept attempt. */
public interface NonBlockingAccept extends NonBlockingMode {
    /**
     * One accept attempt: the connection (a socket in blocking mode), or null when none is waiting.
     *
     * @throws IOException accept failed (the errno named)
     */
    UringSocket acceptNow() throws IOException;

    /** The listening socket's non-blocking side, or null (the JDK backend has none). */
    static NonBlockingAccept of(UringServerSocket s) {
        return s instanceof NonBlockingCapable c ? (NonBlockingAccept) c.nonBlockingSide() : null;
    }
}

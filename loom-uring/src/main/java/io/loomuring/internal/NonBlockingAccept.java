package io.loomuring.internal;

import java.io.IOException;

/**
 * The accept of a listening socket in non-blocking mode (see {@link NonBlockingMode}).
 *
 * @param <S> the accepted socket's type (the API's {@code UringSocket})
 */
public interface NonBlockingAccept<S> extends NonBlockingMode {
    /**
     * One accept attempt: the connection (a socket in blocking mode), or null when none is waiting.
     *
     * @throws IOException accept failed (the errno named)
     */
    S acceptNow() throws IOException;
}

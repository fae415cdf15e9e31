package io.loomuring.internal;

import java.io.IOException;
import java.net.SocketAddress;

/** The connect of a stream socket in non-blocking mode (see {@link NonBlockingMode}). */
public interface NonBlockingStream extends NonBlockingMode {
    /**
     * Starts a connect: true when it completed at once, false when it is under way (then
     * {@link #finishConnect} ends it).
     *
     * @throws IOException the connect failed at once (the JDK's types: {@link java.net.ConnectException}, ...)
     */
    boolean startConnect(SocketAddress remote) throws IOException;

    /**
     * Ends a connect that {@link #startConnect} left under way: true when connected, false when still
     * under way (only when {@code block} is false; with {@code block} the caller waits on its ring).
     *
     * @throws IOException the connect failed
     */
    boolean finishConnect(boolean block) throws IOException;
}

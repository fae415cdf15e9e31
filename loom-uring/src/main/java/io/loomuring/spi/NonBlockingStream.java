package io.loomuring.spi;

import java.io.IOException;
import java.net.SocketAddress;

import io.loomuring.UringSocket;

/**
 * A stream socket's non-blocking side: its reads and writes in non-blocking mode are the socket's
 * own ({@link UringSocket#read}, {@link UringSocket#write}, which make single attempts while the
 * mode is on); its connect is here.
 */
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

    /** The socket's non-blocking side, or null (the JDK backend has none). */
    static NonBlockingStream of(UringSocket s) {
        return s instanceof NonBlockingCapable c ? (NonBlockingStream) c.nonBlockingSide() : null;
    }
}

package io.loomuring.samples;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

/** One line per error on standard error; nothing per request. */
public final class Log {
    private Log() {}

    public static void error(String what, Throwable t) {
        System.err.println(what + ": " + t);
    }

    /**
     * Whether {@code e} is the ordinary end of a connection (peer reset, closed during shutdown),
     * which a server does not log.
     */
    public static boolean isDisconnect(IOException e) {
        if (e instanceof ClosedChannelException) {
            return true;
        }
        String m = e.getMessage();
        return e instanceof SocketException && m != null
                && (m.contains("reset") || m.contains("closed") || m.contains("Broken pipe") || m.contains("EPIPE"));
    }
}

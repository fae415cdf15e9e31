package io.loomuring.samples;

import java.io.IOException;

import io.loomuring.UringSocket;

/**
 * TCP echo server: one virtual thread per connection writes back every byte it reads; when the
 * client shuts its output down, the server finishes writing and shuts down its own.
 *
 * <p>{@code samples/run echo [--port N] [--host ADDR] [--backend uring|jdk]}
 */
public final class Echo {
    private Echo() {}

    public static Listener start(Options o) throws IOException {
        return Listener.start("echo", o.backend(), o.listenAddress(7007), Echo::echo, o.threads());
    }

    static void echo(UringSocket s) throws IOException {
        byte[] buf = new byte[16384];
        int n;
        while ((n = s.read(buf, 0, buf.length)) > 0) {
            s.write(buf, 0, n);
        }
        s.shutdownOutput();
    }
}

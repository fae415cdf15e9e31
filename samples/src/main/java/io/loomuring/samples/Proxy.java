package io.loomuring.samples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.loomuring.Backend;
import io.loomuring.UringSocket;

/**
 * TCP reverse proxy: each client connection is joined to one upstream, chosen round-robin (the next
 * one is tried when an upstream refuses), and two virtual threads copy the two directions. End of
 * stream on one side becomes a half-close on the other; an error on either side closes both. When
 * no upstream answers, the client's connection is closed without a byte.
 *
 * <p>{@code samples/run proxy --upstream HOST:PORT[,HOST:PORT...] [--port N] [--host ADDR]
 * [--backend uring|jdk]}
 */
public final class Proxy {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final Backend backend;
    private final List<InetSocketAddress> upstreams;
    private final AtomicInteger next = new AtomicInteger();

    private Proxy(Backend backend, List<InetSocketAddress> upstreams) {
        this.backend = backend;
        this.upstreams = upstreams;
    }

    public static Listener start(Options o) throws IOException {
        String list = o.get("upstream", null);
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("proxy needs --upstream HOST:PORT[,HOST:PORT...]");
        }
        List<InetSocketAddress> ups = new ArrayList<>();
        for (String hp : list.split(",")) {
            int colon = hp.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("upstream " + hp + " is not HOST:PORT");
            }
            String host = hp.substring(0, colon).replace("[", "").replace("]", "");
            ups.add(new InetSocketAddress(host, Integer.parseInt(hp.substring(colon + 1))));
        }
        Proxy p = new Proxy(o.backend(), List.copyOf(ups));
        return Listener.start("proxy", p.backend, o.listenAddress(8000), p::join, o.threads());
    }

    private void join(UringSocket client) throws IOException {
        UringSocket upstream = connectUpstream();
        if (upstream == null) {
            return; // the listener closes the client: refused cleanly
        }
        try (upstream) {
            Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
            pump(client, upstream);
            try {
                back.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private UringSocket connectUpstream() {
        IOException last = null;
        int start = Math.floorMod(next.getAndIncrement(), upstreams.size());
        for (int i = 0; i < upstreams.size(); i++) {
            InetSocketAddress to = upstreams.get((start + i) % upstreams.size());
            try {
                return backend.connect(to, CONNECT_TIMEOUT);
            } catch (IOException e) {
                last = e;
            }
        }
        Log.error("proxy: no upstream answers", last);
        return null;
    }

    /** Copies {@code from} to {@code to} until end of stream (then half-closes {@code to}) or an error (then closes both). */
    private static void pump(UringSocket from, UringSocket to) {
        byte[] buf = new byte[16384];
        try {
            int n;
            while ((n = from.read(buf, 0, buf.length)) > 0) {
                to.write(buf, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(UringSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already failing; the other direction reports nothing more
        }
    }
}

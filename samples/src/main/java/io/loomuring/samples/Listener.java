package io.loomuring.samples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.loomuring.Backend;
import io.loomuring.UringServerSocket;
import io.loomuring.UringSocket;

/**
 * A listening socket and its accept loop: one virtual thread accepts, and each connection gets a
 * virtual thread of its own running {@code handler}. {@link #close()} stops accepting and closes
 * every open connection.
 */
public final class Listener implements AutoCloseable {

    /** What a server does with one connection; the socket is closed after it returns. */
    @FunctionalInterface
    public interface Handler {
        void handle(UringSocket socket) throws IOException;
    }

    private final UringServerSocket server;
    private final Handler handler;
    private final String name;
    private final Set<UringSocket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closing;

    private Listener(String name, UringServerSocket server, Handler handler, Thread.Builder.OfVirtual threads) {
        this.name = name;
        this.server = server;
        this.handler = handler;
        this.acceptor = threads.name(name + "-accept").unstarted(this::acceptLoop);
    }

    /** Binds {@code address} on {@code backend} and starts accepting on the JDK's scheduler. */
    public static Listener start(String name, Backend backend, SocketAddress address, Handler handler)
            throws IOException {
        return start(name, backend, address, handler, Thread.ofVirtual());
    }

    /**
     * Binds {@code address} on {@code backend} and starts accepting on a virtual thread of
     * {@code threads}; each connection's virtual thread is started by it, and so runs on the same
     * scheduler (carrier rings, when {@code threads} is theirs).
     */
    public static Listener start(String name, Backend backend, SocketAddress address, Handler handler,
                                 Thread.Builder.OfVirtual threads) throws IOException {
        UringServerSocket server;
        try {
            server = backend.listen(address, 1024, java.util.Map.of());
        } catch (java.net.BindException e) {
            java.net.BindException named = new java.net.BindException(e.getMessage() + ": " + address
                    + " (another port: --port N; --port 0 takes any free one)");
            named.initCause(e);
            throw named;
        }
        Listener l = new Listener(name, server, handler, threads);
        l.acceptor.start();
        return l;
    }

    /** The port the server is bound to. */
    public int port() throws IOException {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** {@code HOST:PORT} of the bound address ({@code [v6]:PORT} for IPv6). */
    public String hostPort() throws IOException {
        InetSocketAddress a = (InetSocketAddress) server.localAddress();
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private void acceptLoop() {
        while (!closing) {
            UringSocket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closing) {
                    Log.error(name + " accept", e);
                }
                if (!server.isOpen()) {
                    return;
                }
                pause(); // e.g. EMFILE: give connections time to close instead of spinning on the error
                continue;
            }
            open.add(s);
            Thread.ofVirtual().start(() -> serve(s));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(UringSocket s) {
        try (s) {
            handler.handle(s);
        } catch (IOException e) {
            if (!closing && !Log.isDisconnect(e)) {
                Log.error(name + " connection", e);
            }
        } catch (RuntimeException e) {
            Log.error(name + " connection", e);
        } finally {
            open.remove(s);
        }
    }

    /** Stops accepting, closes every connection still open, and waits for the accept loop to end. */
    @Override
    public void close() throws IOException {
        closing = true;
        server.close();
        for (UringSocket s : open) {
            s.close();
        }
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

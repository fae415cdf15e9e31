package io.loomuring.compat;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;

import io.loomuring.Backend;
import io.loomuring.Backends;

/**
 * The {@link SelectorProvider} of loom-uring's channels, and the switch that makes
 * {@link SocketChannel#open()}, {@link ServerSocketChannel#open()} and {@link DatagramChannel#open()}
 * return them in a program that does not know loom-uring:
 * <pre>
 *   java -Djava.nio.channels.spi.SelectorProvider=io.loomuring.compat.UringSelectorProvider ...
 * </pre>
 * The channels, pipes included, are blocking only. There is no selector yet: {@link #openSelector()}
 * throws {@link UnsupportedOperationException}, so a program (or a JDK library,
 * such as {@code java.net.http.HttpClient}) that uses a {@code Selector} cannot run under this
 * switch. Where io_uring is unavailable the channels run on the JDK's blocking sockets, with one
 * logged WARNING (see {@link Backends}); Unix domain channels then need io_uring and their
 * {@code open} throws {@link UnsupportedOperationException} with the reason.
 */
public final class UringSelectorProvider extends SelectorProvider {
    static final UringSelectorProvider INSTANCE = new UringSelectorProvider();

    /** The constructor {@code SelectorProvider.provider()} calls when the property names this class. */
    public UringSelectorProvider() {
        StatsOnExit.armIfAsked();
    }

    static UnsupportedOperationException noNonBlocking() {
        return new UnsupportedOperationException("non-blocking mode: loom-uring channels are blocking only"
                + " (no Selector yet); give each connection a virtual thread instead");
    }

    private static UnsupportedOperationException noSelector(String what) {
        return new UnsupportedOperationException(what + ": loom-uring has no Selector yet; run programs that"
                + " use selectors without -Djava.nio.channels.spi.SelectorProvider="
                + UringSelectorProvider.class.getName());
    }

    private static void checkFamily(ProtocolFamily family) {
        if (family == StandardProtocolFamily.UNIX && Backends.current() == Backend.JDK) {
            throw new UnsupportedOperationException("Unix domain channels under the loom-uring SelectorProvider"
                    + " need io_uring: " + Backends.reason());
        }
    }

    @Override
    public DatagramChannel openDatagramChannel() {
        return new UringDatagramChannel(this, StandardProtocolFamily.INET);
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) {
        return new UringDatagramChannel(this, family);
    }

    /** A pipe whose channels are a loom-uring pipe's ends ({@link io.loomuring.UringPipe}). */
    @Override
    public Pipe openPipe() throws IOException {
        return new UringPipeChannels(this);
    }

    @Override
    public AbstractSelector openSelector() {
        throw noSelector("Selector");
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() {
        return new UringServerSocketChannel(this, StandardProtocolFamily.INET);
    }

    @Override
    public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) {
        checkFamily(family);
        return new UringServerSocketChannel(this, family);
    }

    @Override
    public SocketChannel openSocketChannel() throws IOException {
        return new UringSocketChannel(this, null);
    }

    @Override
    public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
        checkFamily(family);
        return new UringSocketChannel(this, family);
    }

    /** {@link System#inheritedChannel()}: none. */
    @Override
    public java.nio.channels.Channel inheritedChannel() throws IOException {
        return null;
    }
}

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
 * The channels, pipes included, work in blocking mode (every call a loom-uring operation) and in
 * non-blocking mode (single attempts, readiness from a {@link UringSelector} whose polls are
 * io_uring {@code POLL_ADD}s), so selector programs and JDK libraries built on selectors, such as
 * {@code java.net.http.HttpClient}, run under this switch. Where io_uring is unavailable the
 * channels run on the JDK's blocking sockets, with one logged WARNING (see {@link Backends});
 * non-blocking mode, selectors and Unix domain channels then need io_uring and throw
 * {@link UnsupportedOperationException} with the reason.
 */
public final class UringSelectorProvider extends SelectorProvider {
    static final UringSelectorProvider INSTANCE = new UringSelectorProvider();

    /** The constructor {@code SelectorProvider.provider()} calls when the property names this class. */
    public UringSelectorProvider() {
        StatsOnExit.armIfAsked();
    }

    /**
     * The counters of this process's loom-uring selectors, summed: selections, waits,
     * {@code io_uring_enter} calls, polls armed and fired, wake-ups. Zero where none was opened.
     */
    public static SelectorStats selectorStats() {
        return SelectorCounters.snapshot();
    }

    /** Non-blocking mode on the JDK backend (no io_uring here): refused, with the reason. */
    static UnsupportedOperationException noNonBlocking() {
        return new UnsupportedOperationException("non-blocking mode of loom-uring channels needs io_uring: "
                + Backends.reason());
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

    /**
     * A selector whose readiness comes from io_uring ({@link UringSelector}).
     *
     * @throws IOException                   the selector's ring could not be made (the errno named)
     * @throws UnsupportedOperationException io_uring is unavailable here (the reason named)
     */
    @Override
    public AbstractSelector openSelector() throws IOException {
        if (Backends.current() == Backend.JDK) {
            throw new UnsupportedOperationException("a loom-uring Selector needs io_uring: " + Backends.reason());
        }
        return new UringSelector(this);
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

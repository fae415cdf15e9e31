package io.loomuring.compat;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;

/** What the {@code socket()} adaptors share: quiet address lookups and options with java.net's exceptions. */
final class AdaptorSupport {
    private AdaptorSupport() {}

    interface AddressOf {
        SocketAddress get() throws IOException;
    }

    /** {@code address}, or null when {@code ch} is closed or cannot say (java.net's getters do not throw). */
    static SocketAddress quietly(NetworkChannel ch, AddressOf address) {
        try {
            return ch.isOpen() ? address.get() : null;
        } catch (IOException e) {
            return null;
        }
    }

    static SocketException closed() {
        return new SocketException("Socket is closed");
    }

    static <T> void set(NetworkChannel ch, SocketOption<T> name, T value) throws SocketException {
        try {
            ch.setOption(name, value);
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    static <T> T get(NetworkChannel ch, SocketOption<T> name) throws SocketException {
        try {
            return ch.getOption(name);
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    private static SocketException asSocketException(IOException e) {
        if (e instanceof ClosedChannelException) {
            return closed();
        }
        return e instanceof SocketException se ? se : new SocketException(e.getMessage());
    }
}

package io.loomuring.internal.jfr;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The remote end of a socket event as the JDK's socket events show it: host, address and port of
 * an Internet address; any other kind of address as its string, with no host or port. (Helpers,
 * not a superclass: JFR event classes are instrumented one by one.)
 */
final class Remote {
    private Remote() {}

    static String host(SocketAddress remote) {
        return remote instanceof InetSocketAddress isa ? isa.getHostString() : null;
    }

    static String address(SocketAddress remote) {
        if (remote instanceof InetSocketAddress isa) {
            return isa.getAddress() == null ? null : isa.getAddress().getHostAddress();
        }
        return remote == null ? null : remote.toString();
    }

    static int port(SocketAddress remote) {
        return remote instanceof InetSocketAddress isa ? isa.getPort() : 0;
    }
}

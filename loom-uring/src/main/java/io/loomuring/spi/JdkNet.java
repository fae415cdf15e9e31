package io.loomuring.spi;

import java.net.SocketOption;
import java.util.Set;

/**
 * The extended socket options of {@code jdk.net.ExtendedSocketOptions} — TCP keep-alive idle time,
 * interval and count, quick-ack, the incoming NAPI id, don't-fragment — when the runtime has the {@code jdk.net}
 * module, as the JDK's own sockets offer them; on a runtime without it (a jlinked image,
 * {@code --limit-modules java.base}) the fields are null, the sets empty, and no class of
 * {@code jdk.net} is ever loaded.
 *
 * <p>Threads: any.
 */
public final class JdkNet {
    private JdkNet() {}

    /** Whether the runtime has {@code jdk.net}. */
    public static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.net").isPresent();

    public static final SocketOption<Integer> TCP_KEEPIDLE;
    public static final SocketOption<Integer> TCP_KEEPINTERVAL;
    public static final SocketOption<Integer> TCP_KEEPCOUNT;
    public static final SocketOption<Boolean> TCP_QUICKACK;
    public static final SocketOption<Integer> SO_INCOMING_NAPI_ID;
    public static final SocketOption<Boolean> IP_DONTFRAGMENT;

    /** All five, for a TCP socket's supported options; empty without {@code jdk.net}. */
    public static final Set<SocketOption<?>> TCP_OPTIONS;
    /** A datagram socket's: the incoming NAPI id and don't-fragment; empty without {@code jdk.net}. */
    public static final Set<SocketOption<?>> DATAGRAM_OPTIONS;

    static {
        if (PRESENT) {
            TCP_KEEPIDLE = jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE;
            TCP_KEEPINTERVAL = jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL;
            TCP_KEEPCOUNT = jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT;
            TCP_QUICKACK = jdk.net.ExtendedSocketOptions.TCP_QUICKACK;
            SO_INCOMING_NAPI_ID = jdk.net.ExtendedSocketOptions.SO_INCOMING_NAPI_ID;
            IP_DONTFRAGMENT = jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT;
            TCP_OPTIONS = Set.of(TCP_KEEPIDLE, TCP_KEEPINTERVAL, TCP_KEEPCOUNT, TCP_QUICKACK, SO_INCOMING_NAPI_ID);
            DATAGRAM_OPTIONS = Set.of(SO_INCOMING_NAPI_ID, IP_DONTFRAGMENT);
        } else {
            TCP_KEEPIDLE = null;
            TCP_KEEPINTERVAL = null;
            TCP_KEEPCOUNT = null;
            TCP_QUICKACK = null;
            SO_INCOMING_NAPI_ID = null;
            IP_DONTFRAGMENT = null;
            TCP_OPTIONS = Set.of();
            DATAGRAM_OPTIONS = Set.of();
        }
    }

    /** {@code base} and, when present, the extended TCP options. */
    public static Set<SocketOption<?>> withTcpOptions(SocketOption<?>... base) {
        return with(TCP_OPTIONS, base);
    }

    /** {@code base} and, when present, the extended datagram options. */
    public static Set<SocketOption<?>> withDatagramOptions(SocketOption<?>... base) {
        return with(DATAGRAM_OPTIONS, base);
    }

    private static Set<SocketOption<?>> with(Set<SocketOption<?>> extended, SocketOption<?>... base) {
        java.util.HashSet<SocketOption<?>> all = new java.util.HashSet<>(Set.of(base));
        all.addAll(extended);
        return Set.copyOf(all);
    }
}

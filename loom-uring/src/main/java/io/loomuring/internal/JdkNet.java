package io.loomuring.internal;

import java.net.SocketOption;
import java.util.Set;

/**
 * The extended socket options of {@code jdk.net.ExtendedSocketOptions} — TCP keep-alive idle time,
 * interval and count, quick-ack, the incoming NAPI id — when the runtime has the {@code jdk.net}
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

    /** All five, for a TCP socket's supported options; empty without {@code jdk.net}. */
    public static final Set<SocketOption<?>> TCP_OPTIONS;

    static {
        if (PRESENT) {
            TCP_KEEPIDLE = jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE;
            TCP_KEEPINTERVAL = jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL;
            TCP_KEEPCOUNT = jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT;
            TCP_QUICKACK = jdk.net.ExtendedSocketOptions.TCP_QUICKACK;
            SO_INCOMING_NAPI_ID = jdk.net.ExtendedSocketOptions.SO_INCOMING_NAPI_ID;
            TCP_OPTIONS = Set.of(TCP_KEEPIDLE, TCP_KEEPINTERVAL, TCP_KEEPCOUNT, TCP_QUICKACK, SO_INCOMING_NAPI_ID);
        } else {
            TCP_KEEPIDLE = null;
            TCP_KEEPINTERVAL = null;
            TCP_KEEPCOUNT = null;
            TCP_QUICKACK = null;
            SO_INCOMING_NAPI_ID = null;
            TCP_OPTIONS = Set.of();
        }
    }

    /** {@code base} and, when present, the extended TCP options. */
    public static Set<SocketOption<?>> withTcpOptions(SocketOption<?>... base) {
        java.util.HashSet<SocketOption<?>> all = new java.util.HashSet<>(Set.of(base));
        all.addAll(TCP_OPTIONS);
        return Set.copyOf(all);
    }
}

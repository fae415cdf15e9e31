package io.loomuring.backend;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;

import io.loomuring.internal.Errors;
import io.loomuring.internal.Net;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.spi.JdkNet;
import io.loomuring.spi.SocketOptionValues;

import static io.loomuring.poller.kernel.SocketConstants.AF_INET6;
import static io.loomuring.poller.kernel.SocketConstants.IPPROTO_TCP;
import static io.loomuring.poller.kernel.SocketConstants.SOL_SOCKET;

/** {@link SocketOption}s as {@code setsockopt(2)} levels and names. */
public final class SockOpts {
    private SockOpts() {}

    private record Native(int level, int name, boolean bool) {}

    private static final int TCP_QUICKACK = 12;        // netinet/tcp.h
    private static final int SO_INCOMING_NAPI_ID = 56; // asm-generic/socket.h
    private static final int IP_MTU_DISCOVER = 10, IPV6_MTU_DISCOVER = 23; // linux/in.h, linux/in6.h
    private static final int PMTUDISC_DONT = 0, PMTUDISC_DO = 2;             // IP_PMTUDISC_*: DF never, DF always

    private static Native of(SocketOption<?> o, int family) {
        if (o == StandardSocketOptions.TCP_NODELAY) return new Native(IPPROTO_TCP, SocketConstants.TCP_NODELAY, true);
        if (o == StandardSocketOptions.SO_KEEPALIVE) return new Native(SOL_SOCKET, SocketConstants.SO_KEEPALIVE, true);
        if (o == StandardSocketOptions.SO_REUSEADDR) return new Native(SOL_SOCKET, SocketConstants.SO_REUSEADDR, true);
        if (o == StandardSocketOptions.SO_REUSEPORT) return new Native(SOL_SOCKET, SocketConstants.SO_REUSEPORT, true);
        if (o == StandardSocketOptions.SO_RCVBUF) return new Native(SOL_SOCKET, SocketConstants.SO_RCVBUF, false);
        if (o == StandardSocketOptions.SO_SNDBUF) return new Native(SOL_SOCKET, SocketConstants.SO_SNDBUF, false);
        if (o == StandardSocketOptions.SO_LINGER) return new Native(SOL_SOCKET, SocketConstants.SO_LINGER, false);
        if (o == StandardSocketOptions.IP_TOS) {
            return family == AF_INET6 ? new Native(SocketConstants.IPPROTO_IPV6, SocketConstants.IPV6_TCLASS, false)
                    : new Native(SocketConstants.IPPROTO_IP, SocketConstants.IP_TOS, false);
        }
        if (o == JdkNet.TCP_KEEPIDLE) return new Native(IPPROTO_TCP, SocketConstants.TCP_KEEPIDLE, false);
        if (o == JdkNet.TCP_KEEPINTERVAL) return new Native(IPPROTO_TCP, SocketConstants.TCP_KEEPINTVL, false);
        if (o == JdkNet.TCP_KEEPCOUNT) return new Native(IPPROTO_TCP, SocketConstants.TCP_KEEPCNT, false);
        if (o == JdkNet.TCP_QUICKACK) return new Native(IPPROTO_TCP, TCP_QUICKACK, true);
        if (o == JdkNet.SO_INCOMING_NAPI_ID) return new Native(SOL_SOCKET, SO_INCOMING_NAPI_ID, false);
        if (o == JdkNet.IP_DONTFRAGMENT) {
            return family == AF_INET6 ? new Native(SocketConstants.IPPROTO_IPV6, IPV6_MTU_DISCOVER, true)
                    : new Native(SocketConstants.IPPROTO_IP, IP_MTU_DISCOVER, true);
        }
        if (isOobInline(o)) return new Native(SOL_SOCKET, SocketConstants.SO_OOBINLINE, true);
        throw new UnsupportedOperationException("'" + o + "' not supported");
    }

    /**
     * {@code SO_OOBINLINE}: the JDK keeps it in an internal class, so any boolean option of that
     * name stands for it ({@link UringSocket#SO_OOBINLINE}, or the JDK's own object).
     */
    public static boolean isOobInline(SocketOption<?> o) {
        return o.type() == Boolean.class && "SO_OOBINLINE".equals(o.name());
    }

    /**
     * Sets {@code o}; the value is checked as the JDK checks it ({@link SocketOptionValues}).
     *
     * @throws IllegalArgumentException       a value the JDK refuses
     * @throws UnsupportedOperationException  an option loom-uring does not have
     * @throws java.net.SocketException       a read-only option, or the kernel refused ({@code setsockopt} failed)
     */
    public static <T> void set(int fd, int family, SocketOption<T> o, T value) throws IOException {
        Native n = of(o, family);
        Object checked = SocketOptionValues.check(o, value);
        if (o == JdkNet.SO_INCOMING_NAPI_ID) {
            throw readOnly(o);
        }
        int r;
        if (o == StandardSocketOptions.SO_LINGER) {
            r = Net.setLinger(fd, (Integer) checked);
        } else if (o == JdkNet.IP_DONTFRAGMENT) {
            r = Net.setInt(fd, n.level, n.name, (Boolean) checked ? PMTUDISC_DO : PMTUDISC_DONT);
        } else {
            int v = n.bool ? ((Boolean) checked ? 1 : 0) : (Integer) checked;
            r = Net.setInt(fd, n.level, n.name, v);
        }
        if (r < 0) {
            throw Errors.forSocket(r, "setsockopt " + o);
        }
    }

    /** The JDK's exception for setting a read-only option. */
    public static java.net.SocketException readOnly(SocketOption<?> o) {
        return new java.net.SocketException("Attempt to set read only option " + o.name());
    }

    @SuppressWarnings("unchecked")
    public static <T> T get(int fd, int family, SocketOption<T> o) throws IOException {
        Native n = of(o, family);
        long r = Net.getInt(fd, n.level, n.name);
        if (r < -1 || (r == -1 && o != StandardSocketOptions.SO_LINGER)) {
            throw Errors.forSocket((int) r, "getsockopt " + o);
        }
        if (o == StandardSocketOptions.SO_RCVBUF || o == StandardSocketOptions.SO_SNDBUF) {
            r /= 2; // Linux reports twice what was set (socket(7)); the JDK reports half, so do we
        } else if (o == JdkNet.IP_DONTFRAGMENT) {
            return (T) Boolean.valueOf(r == PMTUDISC_DO);
        }
        return n.bool ? (T) Boolean.valueOf(r != 0) : (T) Integer.valueOf((int) r);
    }
}

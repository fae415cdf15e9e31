package io.loomuring.compat;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.loomuring.spi.JdkNet;
import io.loomuring.spi.SocketOptionValues;

/**
 * Options set on a channel before its socket exists (loom-uring creates the socket when it
 * connects, binds or listens): kept in order, handed to the socket when it is made, and read back
 * with the values a fresh kernel socket reports for the ones never set.
 */
final class SocketOptionsBeforeOpen {
    private final Set<SocketOption<?>> supported;
    private final Map<SocketOption<?>, Object> values = new LinkedHashMap<>();

    SocketOptionsBeforeOpen(Set<SocketOption<?>> supported) {
        this.supported = supported;
    }

    /**
     * Keeps {@code value} for {@code name}, checked (and clamped) as the JDK checks it.
     *
     * @throws UnsupportedOperationException an option not in the set
     * @throws IllegalArgumentException      a value the JDK refuses
     * @throws java.net.SocketException      a read-only option
     */
    synchronized <T> void set(SocketOption<T> name, T value) throws java.net.SocketException {
        check(name);
        Object checked = SocketOptionValues.check(name, value);
        if (name == JdkNet.SO_INCOMING_NAPI_ID) {
            throw new java.net.SocketException("Attempt to set read only option " + name.name());
        }
        values.put(name, checked);
    }

    /**
     * The JDK channels' checks of a {@code setOption} call, made before the channel's state is
     * looked at (a closed channel still says these first): {@link NullPointerException} for no
     * name, {@link UnsupportedOperationException} for an option not in {@code supported},
     * {@link IllegalArgumentException} ("Invalid value") for a value not of the option's type.
     */
    static void checkSet(Set<SocketOption<?>> supported, SocketOption<?> name, Object value) {
        Objects.requireNonNull(name);
        if (!supported.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        if (!name.type().isInstance(value)) {
            throw new IllegalArgumentException("Invalid value '" + value + "'");
        }
    }

    /** As {@link #checkSet} for {@code getOption}: the name. */
    static void checkGet(Set<SocketOption<?>> supported, SocketOption<?> name) {
        Objects.requireNonNull(name);
        if (!supported.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
    }

    @SuppressWarnings("unchecked")
    synchronized <T> T get(SocketOption<T> name, boolean stream) {
        check(name);
        if (values.containsKey(name)) {
            return (T) values.get(name);
        }
        return (T) fresh(name, stream);
    }

    synchronized Map<SocketOption<?>, ?> snapshot() {
        return Map.copyOf(values);
    }

    /** Throws {@link UnsupportedOperationException}, as the JDK's channels do, for an option not in the set. */
    void checkSupported(SocketOption<?> name) {
        check(name);
    }

    private void check(SocketOption<?> name) {
        Objects.requireNonNull(name);
        if (!supported.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
    }

    /**
     * What a socket just made reports: tcp_rmem/tcp_wmem's defaults halved (as the JDK reports
     * buffer sizes on Linux), else off.
     */
    private static Object fresh(SocketOption<?> name, boolean stream) {
        if (name == StandardSocketOptions.SO_RCVBUF) {
            return (stream ? sysctl("net/ipv4/tcp_rmem", 1, 131072) : sysctl("net/core/rmem_default", 0, 212992)) / 2;
        }
        if (name == StandardSocketOptions.SO_SNDBUF) {
            return (stream ? sysctl("net/ipv4/tcp_wmem", 1, 16384) : sysctl("net/core/wmem_default", 0, 212992)) / 2;
        }
        if (name == StandardSocketOptions.SO_LINGER) {
            return -1;
        }
        if (name == JdkNet.TCP_KEEPIDLE) {
            return sysctl("net/ipv4/tcp_keepalive_time", 0, 7200);
        }
        if (name == JdkNet.TCP_KEEPINTERVAL) {
            return sysctl("net/ipv4/tcp_keepalive_intvl", 0, 75);
        }
        if (name == JdkNet.TCP_KEEPCOUNT) {
            return sysctl("net/ipv4/tcp_keepalive_probes", 0, 9);
        }
        if (name == StandardSocketOptions.IP_MULTICAST_IF) {
            return null;
        }
        if (name == StandardSocketOptions.IP_MULTICAST_TTL || name == StandardSocketOptions.IP_MULTICAST_LOOP) {
            return name == StandardSocketOptions.IP_MULTICAST_TTL ? (Object) 1 : (Object) Boolean.TRUE;
        }
        if (name == JdkNet.TCP_QUICKACK) {
            return Boolean.TRUE; // a fresh TCP socket is in quick-ack mode
        }
        if (name == StandardSocketOptions.IP_TOS || name.type() == Integer.class) {
            return 0;
        }
        return Boolean.FALSE;
    }

    private static int sysctl(String key, int field, int otherwise) {
        try {
            String[] f = Files.readString(Path.of("/proc/sys/" + key)).trim().split("\\s+");
            return Integer.parseInt(f[field]);
        } catch (IOException | RuntimeException e) {
            return otherwise;
        }
    }
}

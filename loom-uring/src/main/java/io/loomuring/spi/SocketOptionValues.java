package io.loomuring.spi;

import java.net.SocketOption;
import java.net.StandardSocketOptions;

/**
 * The JDK's checks of a socket option's value, made before anything reaches the kernel, with the
 * JDK's exceptions and messages ({@code sun.nio.ch.Net.setSocketOption}'s rules): a value of the
 * wrong type or null is "Invalid value"; negative buffer sizes and an {@code IP_TOS} outside
 * 0..255 are refused; {@code SO_LINGER} is clamped to -1 (off) .. 65535. Values the kernel judges
 * (keep-alive times) go to the kernel, whose {@code EINVAL} becomes a {@code SocketException}.
 *
 * <p>Threads: any.
 */
public final class SocketOptionValues {
    private SocketOptionValues() {}

    /**
     * The value to set for {@code name}: {@code value} itself, or clamped as the JDK clamps it.
     *
     * @throws IllegalArgumentException the JDK refuses the value
     */
    public static Object check(SocketOption<?> name, Object value) {
        if (value == null || !name.type().isInstance(value)) {
            throw new IllegalArgumentException("Invalid value '" + value + "'");
        }
        if (name == StandardSocketOptions.SO_RCVBUF || name == StandardSocketOptions.SO_SNDBUF) {
            if ((Integer) value < 0) {
                throw new IllegalArgumentException("Invalid send/receive buffer size");
            }
        } else if (name == StandardSocketOptions.SO_LINGER) {
            int i = (Integer) value;
            return i < 0 ? -1 : Math.min(i, 65535);
        } else if (name == StandardSocketOptions.IP_TOS) {
            int i = (Integer) value;
            if (i < 0 || i > 255) {
                throw new IllegalArgumentException("Invalid IP_TOS value");
            }
        } else if (name == StandardSocketOptions.IP_MULTICAST_TTL) {
            int i = (Integer) value;
            if (i < 0 || i > 255) {
                throw new IllegalArgumentException("Invalid TTL/hop value");
            }
        }
        return value;
    }
}

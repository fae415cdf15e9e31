package io.loomuring.internal.memory;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.loomuring.poller.kernel.SocketConstants.AF_INET;
import static io.loomuring.poller.kernel.SocketConstants.AF_INET6;
import static io.loomuring.poller.kernel.SocketConstants.AF_UNIX;
import static io.loomuring.poller.kernel.SocketConstants.SOCKADDR_IN6_SIZE;
import static io.loomuring.poller.kernel.SocketConstants.SOCKADDR_IN_SIZE;
import static io.loomuring.poller.kernel.SocketConstants.SUN_PATH_MAX;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@link SocketAddress} to and from {@code struct sockaddr_in}, {@code sockaddr_in6}, {@code sockaddr_un}. */
public final class SockAddr {
    private SockAddr() {}

    /** The address family {@code a} needs. */
    public static int family(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            if (i.isUnresolved()) {
                throw new UnresolvedAddressException();
            }
            return i.getAddress() instanceof Inet4Address ? AF_INET : AF_INET6;
        }
        if (a instanceof UnixDomainSocketAddress) {
            return AF_UNIX;
        }
        throw new UnsupportedAddressTypeException();
    }

    /** Writes {@code a} at {@code m} as the given family; returns its length. */
    public static int write(SocketAddress a, int family, MemorySegment m) {
        m.asSlice(0, 128).fill((byte) 0);
        if (a instanceof UnixDomainSocketAddress u) {
            byte[] p = u.getPath().toString().getBytes(StandardCharsets.UTF_8);
            if (p.length >= SUN_PATH_MAX) {
                throw new IllegalArgumentException("Unix domain path too long (" + p.length + " bytes): " + u);
            }
            m.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(p, 0, m, JAVA_BYTE, 2, p.length);
            return p.length == 0 ? 2 : 2 + p.length + 1;
        }
        InetSocketAddress i = (InetSocketAddress) a;
        if (i.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        int port = i.getPort();
        byte[] ip = i.getAddress().getAddress();
        short bePort = (short) (((port & 0xff) << 8) | ((port >> 8) & 0xff));
        if (family == AF_INET) {
            m.set(JAVA_SHORT, 0, (short) AF_INET);
            m.set(JAVA_SHORT, 2, bePort);
            MemorySegment.copy(ip, 0, m, JAVA_BYTE, 4, 4);
            return SOCKADDR_IN_SIZE;
        }
        m.set(JAVA_SHORT, 0, (short) AF_INET6);
        m.set(JAVA_SHORT, 2, bePort);
        if (ip.length == 4) { // IPv4 on an IPv6 socket: ::ffff:a.b.c.d
            m.set(JAVA_BYTE, 18, (byte) 0xff);
            m.set(JAVA_BYTE, 19, (byte) 0xff);
            MemorySegment.copy(ip, 0, m, JAVA_BYTE, 20, 4);
        } else {
            MemorySegment.copy(ip, 0, m, JAVA_BYTE, 8, 16);
            m.set(JAVA_INT, 24, ((Inet6Address) i.getAddress()).getScopeId());
        }
        return SOCKADDR_IN6_SIZE;
    }

    /** Reads the address at {@code m} ({@code len} bytes long). */
    public static SocketAddress read(MemorySegment m, int len) {
        int family = m.get(JAVA_SHORT, 0) & 0xffff;
        try {
            switch (family) {
                case AF_INET -> {
                    byte[] ip = new byte[4];
                    MemorySegment.copy(m, JAVA_BYTE, 4, ip, 0, 4);
                    return new InetSocketAddress(InetAddress.getByAddress(ip), port(m));
                }
                case AF_INET6 -> {
                    byte[] ip = new byte[16];
                    MemorySegment.copy(m, JAVA_BYTE, 8, ip, 0, 16);
                    int scope = m.get(JAVA_INT, 24);
                    InetAddress a = InetAddress.getByAddress(ip); // ::ffff:a.b.c.d comes back as IPv4
                    if (a instanceof Inet6Address && scope != 0) {
                        a = Inet6Address.getByAddress(null, ip, scope);
                    }
                    return new InetSocketAddress(a, port(m));
                }
                case AF_UNIX -> {
                    int n = Math.max(0, len - 2);
                    byte[] p = new byte[n];
                    MemorySegment.copy(m, JAVA_BYTE, 2, p, 0, n);
                    int end = 0;
                    while (end < n && p[end] != 0) {
                        end++;
                    }
                    return UnixDomainSocketAddress.of(Path.of(new String(p, 0, end, StandardCharsets.UTF_8)));
                }
                default -> throw new IllegalStateException("unknown address family " + family);
            }
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // raw bytes of the right length never fail
        }
    }

    private static int port(MemorySegment m) {
        int be = m.get(JAVA_SHORT, 2) & 0xffff;
        return ((be & 0xff) << 8) | (be >> 8);
    }
}

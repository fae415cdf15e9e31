package io.loomuring.backend.uring;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Enumeration;

import io.loomuring.internal.Errors;
import io.loomuring.internal.Net;
import io.loomuring.internal.memory.SockAddr;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.spi.SocketOptionValues;

import static io.loomuring.poller.kernel.SocketConstants.AF_INET6;
import static io.loomuring.poller.kernel.SocketConstants.IPPROTO_IP;
import static io.loomuring.poller.kernel.SocketConstants.IPPROTO_IPV6;
import static io.loomuring.poller.kernel.SocketConstants.IPV6_MULTICAST_HOPS;
import static io.loomuring.poller.kernel.SocketConstants.IPV6_MULTICAST_IF;
import static io.loomuring.poller.kernel.SocketConstants.IPV6_MULTICAST_LOOP;
import static io.loomuring.poller.kernel.SocketConstants.IP_MULTICAST_IF;
import static io.loomuring.poller.kernel.SocketConstants.IP_MULTICAST_LOOP;
import static io.loomuring.poller.kernel.SocketConstants.IP_MULTICAST_TTL;

/**
 * Multicast on a UDP socket: the three options and group membership, through the
 * protocol-independent {@code MCAST_*} requests of RFC 3678.
 *
 * <pre>
 * struct group_req        { __u32 gr_interface;  // 0
 *                           struct __kernel_sockaddr_storage gr_group; };        // 8 (aligned 8), 128 bytes
 * struct group_source_req { __u32 gsr_interface; // 0
 *                           struct __kernel_sockaddr_storage gsr_group;          // 8
 *                           struct __kernel_sockaddr_storage gsr_source; };      // 136
 * struct ip_mreqn         { struct in_addr imr_multiaddr; struct in_addr imr_address; int imr_ifindex; }
 * </pre>
 * An IPv4 group is asked at level {@code IPPROTO_IP} (also on a dual-stack IPv6 socket, which the
 * kernel hands to its IPv4 code), an IPv6 group at {@code IPPROTO_IPV6}.
 *
 * <p>Threads: any.
 */
final class Multicast {
    private Multicast() {}

    private static final int GROUP_REQ_SIZE = 136;
    private static final int GROUP_SOURCE_REQ_SIZE = 264;

    static boolean isMulticastOption(SocketOption<?> o) {
        return o == StandardSocketOptions.IP_MULTICAST_IF || o == StandardSocketOptions.IP_MULTICAST_TTL
                || o == StandardSocketOptions.IP_MULTICAST_LOOP;
    }

    /** Sets a multicast option; on an IPv6 socket both the IPv6 and the IPv4 forms (for IPv4 groups). */
    static void set(int fd, int family, SocketOption<?> o, Object value) throws IOException {
        Object v = SocketOptionValues.check(o, value);
        if (o == StandardSocketOptions.IP_MULTICAST_IF) {
            NetworkInterface nif = (NetworkInterface) v;
            if (family == AF_INET6) {
                check(Net.setInt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, nif.getIndex()), o);
                setInterface4(fd, nif); // IPv4 groups on the dual-stack socket: best effort
            } else {
                check(setInterface4(fd, nif), o);
            }
            return;
        }
        int i = o == StandardSocketOptions.IP_MULTICAST_TTL ? (Integer) v : ((Boolean) v ? 1 : 0);
        int v4 = o == StandardSocketOptions.IP_MULTICAST_TTL ? IP_MULTICAST_TTL : IP_MULTICAST_LOOP;
        if (family == AF_INET6) {
            int v6 = o == StandardSocketOptions.IP_MULTICAST_TTL ? IPV6_MULTICAST_HOPS : IPV6_MULTICAST_LOOP;
            check(Net.setInt(fd, IPPROTO_IPV6, v6, i), o);
            Net.setInt(fd, IPPROTO_IP, v4, i); // IPv4 groups on the dual-stack socket: best effort
        } else {
            check(Net.setInt(fd, IPPROTO_IP, v4, i), o);
        }
    }

    /** TTL or loop as the kernel has them (the interface is kept by the socket, as set). */
    static Object get(int fd, int family, SocketOption<?> o) throws IOException {
        long r;
        if (family == AF_INET6) {
            r = Net.getInt(fd, IPPROTO_IPV6, o == StandardSocketOptions.IP_MULTICAST_TTL ? IPV6_MULTICAST_HOPS : IPV6_MULTICAST_LOOP);
        } else {
            r = Net.getInt(fd, IPPROTO_IP, o == StandardSocketOptions.IP_MULTICAST_TTL ? IP_MULTICAST_TTL : IP_MULTICAST_LOOP);
        }
        if (r < 0) {
            throw Errors.forSocket((int) r, "getsockopt " + o);
        }
        return o == StandardSocketOptions.IP_MULTICAST_TTL ? (Object) (int) r : (Object) (r != 0);
    }

    private static int setInterface4(int fd, NetworkInterface nif) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(12, 4); // struct ip_mreqn, zeroed
            InetAddress v4 = firstInet4(nif);
            if (v4 != null) {
                MemorySegment.copy(v4.getAddress(), 0, m, java.lang.foreign.ValueLayout.JAVA_BYTE, 4, 4);
            }
            m.set(java.lang.foreign.ValueLayout.JAVA_INT, 8, nif.getIndex());
            return Net.setRaw(fd, IPPROTO_IP, IP_MULTICAST_IF, m, 12);
        }
    }

    private static InetAddress firstInet4(NetworkInterface nif) {
        for (Enumeration<InetAddress> e = nif.getInetAddresses(); e.hasMoreElements(); ) {
            InetAddress a = e.nextElement();
            if (a instanceof Inet4Address) {
                return a;
            }
        }
        return null;
    }

    /**
     * One membership request: {@code MCAST_JOIN_GROUP}, {@code MCAST_LEAVE_GROUP} (source null) or
     * their source-specific forms, or {@code MCAST_BLOCK_SOURCE} / {@code MCAST_UNBLOCK_SOURCE}.
     */
    static void request(int fd, int name, InetAddress group, NetworkInterface nif, InetAddress source, String what)
            throws IOException {
        int level = group instanceof Inet6Address ? IPPROTO_IPV6 : IPPROTO_IP;
        int family = group instanceof Inet6Address ? AF_INET6 : SocketConstants.AF_INET;
        try (Arena a = Arena.ofConfined()) {
            int size = source == null ? GROUP_REQ_SIZE : GROUP_SOURCE_REQ_SIZE;
            MemorySegment m = a.allocate(size, 8);
            m.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, nif.getIndex());
            SockAddr.write(new InetSocketAddress(group, 0), family, m.asSlice(8, 128));
            if (source != null) {
                SockAddr.write(new InetSocketAddress(source, 0), family, m.asSlice(136, 128));
            }
            int r = Net.setRaw(fd, level, name, m, size);
            if (r < 0) {
                throw Errors.forSocket(r, what + " " + group + " on " + nif.getName());
            }
        }
    }

    private static void check(int r, SocketOption<?> o) throws IOException {
        if (r < 0) {
            throw Errors.forSocket(r, "setsockopt " + o);
        }
    }
}

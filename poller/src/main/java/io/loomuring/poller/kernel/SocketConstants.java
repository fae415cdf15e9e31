package io.loomuring.poller.kernel;

/**
 * Socket constants and {@code sockaddr} layouts ({@code linux/socket.h}, {@code netinet/in.h},
 * {@code sys/un.h}).
 *
 * <pre>{@code
 * struct sockaddr_in  { sa_family_t sin_family;  // 0  AF_INET
 *                       in_port_t   sin_port;    // 2  network byte order
 *                       struct in_addr sin_addr; // 4
 *                       char sin_zero[8]; };     // 16 bytes
 * struct sockaddr_in6 { sa_family_t sin6_family; // 0  AF_INET6
 *                       in_port_t sin6_port;     // 2
 *                       uint32_t sin6_flowinfo;  // 4
 *                       struct in6_addr sin6_addr; // 8
 *                       uint32_t sin6_scope_id; };  // 24; 28 bytes
 * struct sockaddr_un  { sa_family_t sun_family;  // 0  AF_UNIX
 *                       char sun_path[108]; };   // 2; 110 bytes
 * struct linger { int l_onoff; int l_linger; };
 * }</pre>
 */
public final class SocketConstants {
    private SocketConstants() {}

    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_CLOEXEC = 02000000;

    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_TYPE = 3;
    public static final int SO_ERROR = 4;
    public static final int SO_BROADCAST = 6;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_LINGER = 13;
    public static final int SO_REUSEPORT = 15;
    /** The peer's address even after the connection was reset (the kernel's getname with peer == 2). */
    public static final int SO_PEERNAME = 28;
    public static final int SO_OOBINLINE = 10;
    /** ioctl: bytes queued for reading. */
    public static final int FIONREAD = 0x541B;
    /** ioctl: whether the read position is at the urgent mark. */
    public static final int SIOCATMARK = 0x8905;

    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IP_TOS = 1;
    public static final int IPV6_TCLASS = 67;
    public static final int IPV6_V6ONLY = 26;
    public static final int TCP_NODELAY = 1;
    public static final int TCP_KEEPIDLE = 4;
    public static final int TCP_KEEPINTVL = 5;
    public static final int TCP_KEEPCNT = 6;

    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    // linux/in.h, linux/in6.h: multicast
    public static final int IP_MULTICAST_IF = 32;     // struct ip_mreqn (set) / struct in_addr (get)
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IPV6_MULTICAST_IF = 17;   // int: interface index
    public static final int IPV6_MULTICAST_HOPS = 18;
    public static final int IPV6_MULTICAST_LOOP = 19;
    public static final int MCAST_JOIN_GROUP = 42;    // struct group_req
    public static final int MCAST_BLOCK_SOURCE = 43;  // struct group_source_req
    public static final int MCAST_UNBLOCK_SOURCE = 44;
    public static final int MCAST_LEAVE_GROUP = 45;
    public static final int MCAST_JOIN_SOURCE_GROUP = 46;
    public static final int MCAST_LEAVE_SOURCE_GROUP = 47;
    public static final int MSG_OOB = 1;
    public static final int MSG_PEEK = 2;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_WAITALL = 0x100;
    /** Never raise SIGPIPE on a send to a closed peer: EPIPE instead. */
    public static final int MSG_NOSIGNAL = 0x4000;

    public static final int SOCKADDR_IN_SIZE = 16;
    public static final int SOCKADDR_IN6_SIZE = 28;
    public static final int SOCKADDR_UN_SIZE = 110;
    public static final int SOCKADDR_STORAGE_SIZE = 128;
    public static final int SUN_PATH_MAX = 108;
}

package io.loomuring.compat;

import static io.loomuring.compat.SocketChannelDifferentialTest.note;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.loomuring.compat.SocketChannelDifferentialTest.Net;
import io.loomuring.compat.SocketChannelDifferentialTest.Scenario;

/**
 * Multicast on the JDK's {@link DatagramChannel} and on compat's, same scenarios, same traces:
 * the options, joins and their keys (same key again, any-source beside source-specific, bad
 * groups and sources), a datagram through a group, block and unblock, drop, close. Everything
 * stays on this host: the interface is {@code lo} and the TTL 0.
 */
class MulticastDifferentialTest {
    private final SocketChannelDifferentialTest harness = new SocketChannelDifferentialTest();

    static DatagramChannel open(Net net, ProtocolFamily family) throws Exception {
        return net == SocketChannelDifferentialTest.JDK ? DatagramChannel.open(family)
                : UringSelectorProvider.INSTANCE.openDatagramChannel(family);
    }

    @TestFactory
    Stream<DynamicTest> multicastAsTheJdks() {
        return harness.scenarios(
            "options, join, a datagram through the group, block, drop, close", (Scenario) (net, t) -> {
                NetworkInterface lo = NetworkInterface.getByName("lo");
                InetAddress group = InetAddress.getByName("239.255.7.7");
                InetAddress self = InetAddress.getByName("127.0.0.1");
                try (DatagramChannel r = open(net, StandardProtocolFamily.INET);
                     DatagramChannel s = open(net, StandardProtocolFamily.INET)) {
                    note(t, "defaults", () -> r.getOption(StandardSocketOptions.IP_MULTICAST_IF) + " "
                            + r.getOption(StandardSocketOptions.IP_MULTICAST_TTL) + " " + r.getOption(StandardSocketOptions.IP_MULTICAST_LOOP));
                    note(t, "supported", () -> r.supportedOptions().contains(StandardSocketOptions.IP_MULTICAST_TTL));
                    r.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    r.bind(new InetSocketAddress(0));
                    int port = ((InetSocketAddress) r.getLocalAddress()).getPort();
                    MembershipKey k = r.join(group, lo);
                    note(t, "key", () -> k.isValid() + " " + k.group() + " " + k.networkInterface().getName() + " "
                            + k.sourceAddress() + " " + (k.channel() == r));
                    note(t, "join again", () -> r.join(group, lo) == k);
                    note(t, "source-specific beside any-source", () -> r.join(group, lo, self));
                    note(t, "not a multicast group", () -> r.join(self, lo));
                    note(t, "IPv6 group on IPv4", () -> r.join(InetAddress.getByName("ff02::1:3"), lo));
                    note(t, "set IF before bind", () -> s.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo).getOption(StandardSocketOptions.IP_MULTICAST_IF));
                    note(t, "set TTL 0", () -> s.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 0).getOption(StandardSocketOptions.IP_MULTICAST_TTL));
                    note(t, "set TTL 256", () -> s.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 256));
                    note(t, "set LOOP", () -> s.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true).getOption(StandardSocketOptions.IP_MULTICAST_LOOP));
                    s.send(ByteBuffer.wrap("one".getBytes()), new InetSocketAddress(group, port));
                    note(t, "TTL after bind", () -> s.getOption(StandardSocketOptions.IP_MULTICAST_TTL));
                    ByteBuffer b = ByteBuffer.allocate(10);
                    note(t, "received through the group", () -> { r.receive(b); return new String(b.array(), 0, b.position()); });
                    note(t, "block a source", () -> k.block(self) == k);
                    note(t, "block it again", () -> k.block(self) == k);
                    note(t, "unblock", () -> k.unblock(self) == k);
                    note(t, "unblock one not blocked", () -> k.unblock(InetAddress.getByName("127.0.0.2")));
                    note(t, "block a wildcard", () -> k.block(InetAddress.getByName("0.0.0.0")));
                    k.drop();
                    note(t, "dropped", k::isValid);
                    note(t, "block after drop", () -> k.block(self));
                    note(t, "drop again", () -> { k.drop(); return k.isValid(); });
                    MembershipKey ks = r.join(group, lo, self);
                    note(t, "source key", ks::sourceAddress);
                    note(t, "block on a source key", () -> ks.block(self));
                    note(t, "any-source beside source-specific", () -> r.join(group, lo));
                    note(t, "same source again", () -> r.join(group, lo, self) == ks);
                    r.close();
                    note(t, "key after close", ks::isValid);
                    note(t, "join after close", () -> r.join(group, lo));
                }
            },
            "the datagram socket adaptor's joinGroup and leaveGroup", (Scenario) (net, t) -> {
                NetworkInterface lo = NetworkInterface.getByName("lo");
                InetSocketAddress group = new InetSocketAddress(InetAddress.getByName("239.255.7.8"), 0);
                try (DatagramChannel ch = open(net, StandardProtocolFamily.INET)) {
                    java.net.DatagramSocket ds = ch.bind(new InetSocketAddress(0)).socket();
                    note(t, "join", () -> { ds.joinGroup(group, lo); return true; });
                    note(t, "join again", () -> { ds.joinGroup(group, lo); return true; });
                    note(t, "not multicast", () -> { ds.joinGroup(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), lo); return true; });
                    note(t, "unresolved", () -> { ds.joinGroup(InetSocketAddress.createUnresolved("nosuchhost.invalid", 0), lo); return true; });
                    note(t, "leave", () -> { ds.leaveGroup(group, lo); return true; });
                    note(t, "leave again", () -> { ds.leaveGroup(group, lo); return true; });
                    ds.close();
                    note(t, "join closed", () -> { ds.joinGroup(group, lo); return true; });
                }
            },
            "an IPv6 channel joins an IPv6 group", (Scenario) (net, t) -> {
                NetworkInterface lo = NetworkInterface.getByName("lo");
                try (DatagramChannel r = open(net, StandardProtocolFamily.INET6)) {
                    MembershipKey k = r.join(InetAddress.getByName("ff02::1:3"), lo);
                    note(t, "key", () -> k.isValid() + " " + k.group());
                    k.drop();
                    note(t, "dropped", k::isValid);
                }
            });
    }
}

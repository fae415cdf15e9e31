package io.loomuring.compat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.channels.MembershipKey;
import java.nio.channels.MulticastChannel;
import java.util.HashSet;
import java.util.Set;

/**
 * A multicast membership of a {@link UringDatagramChannel}, with the JDK's rules: valid until
 * dropped or the channel closes; {@code block}/{@code unblock} only on an any-source membership
 * ({@link IllegalStateException} otherwise, or when the key is no longer valid); unblocking a source
 * that is not blocked is {@link IllegalStateException}.
 *
 * <p>Threads: any; state changes under the channel's state lock and this key's monitor.
 */
final class UringMembershipKey extends MembershipKey {
    private final UringDatagramChannel channel;
    private final InetAddress group;
    private final NetworkInterface interf;
    private final InetAddress source;
    private final Set<InetAddress> blocked = new HashSet<>(); // guarded by this
    private volatile boolean valid = true;

    UringMembershipKey(UringDatagramChannel channel, InetAddress group, NetworkInterface interf, InetAddress source) {
        this.channel = channel;
        this.group = group;
        this.interf = interf;
        this.source = source;
    }

    /** The JDK's checks of a source address against its group. */
    static void checkSource(InetAddress group, InetAddress source) {
        if (source.isAnyLocalAddress()) {
            throw new IllegalArgumentException("Source address is a wildcard address");
        }
        if (source.isMulticastAddress()) {
            throw new IllegalArgumentException("Source address is multicast address");
        }
        if (source.getClass() != group.getClass()) {
            throw new IllegalArgumentException("Source address is different type to group");
        }
    }

    @Override
    public boolean isValid() {
        return valid && channel.isOpen();
    }

    void invalidate() {
        valid = false;
    }

    @Override
    public void drop() {
        if (valid) {
            valid = false;
            channel.drop(this);
        }
    }

    @Override
    public synchronized MembershipKey block(InetAddress toBlock) throws IOException {
        if (source != null) {
            throw new IllegalStateException("key is source-specific");
        }
        if (!isValid()) {
            throw new IllegalStateException("key is no longer valid");
        }
        checkSource(group, toBlock);
        if (blocked.contains(toBlock)) {
            return this;
        }
        channel.block(this, toBlock, true);
        blocked.add(toBlock);
        return this;
    }

    @Override
    public synchronized MembershipKey unblock(InetAddress toUnblock) {
        if (!blocked.contains(toUnblock)) {
            throw new IllegalStateException("not blocked");
        }
        try {
            channel.block(this, toUnblock, false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        blocked.remove(toUnblock);
        return this;
    }

    @Override
    public MulticastChannel channel() {
        return channel;
    }

    @Override
    public InetAddress group() {
        return group;
    }

    @Override
    public NetworkInterface networkInterface() {
        return interf;
    }

    @Override
    public InetAddress sourceAddress() {
        return source;
    }

    @Override
    public String toString() {
        return "<" + group.getHostAddress() + "," + interf.getName() + (source == null ? "" : "," + source.getHostAddress()) + ">";
    }
}

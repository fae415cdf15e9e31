package io.loomuring.backend.uring;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;

import io.loomuring.InterruptPolicy;
import io.loomuring.LoomUring;
import io.loomuring.UringDatagramSocket;
import io.loomuring.backend.SockOpts;
import io.loomuring.internal.Blocking;
import io.loomuring.internal.Errors;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Net;
import io.loomuring.internal.NonBlocking;
import io.loomuring.internal.SocketFd;
import io.loomuring.internal.Style;
import io.loomuring.internal.memory.BufferPool;
import io.loomuring.internal.memory.HeapCopy;
import io.loomuring.internal.memory.Lease;
import io.loomuring.internal.memory.SockAddr;
import io.loomuring.internal.op.ConnectOp;
import io.loomuring.internal.op.MsgOp;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.SocketConstants;
import io.loomuring.spi.NonBlockingCapable;
import io.loomuring.spi.NonBlockingMode;

/** {@link UringDatagramSocket} on io_uring. */
final class RingDatagramSocket extends UringDatagramSocket implements NonBlockingCapable {
    private static final int MAX_DATAGRAM = 65_536;

    private final FdHandle h;
    private final int family;
    private final java.net.InetAddress boundAddress;  // the address given to bind (port aside), for disconnect
    private volatile SocketAddress connected;
    private volatile java.net.NetworkInterface multicastInterface;  // as set: the kernel reports an address, not the interface
    private volatile long readTimeoutNanos;
    private final DescriptorMode mode;      // O_NONBLOCK set: single attempts

    private RingDatagramSocket(FdHandle h, int family, java.net.InetAddress boundAddress) {
        this.boundAddress = boundAddress;
        this.h = h;
        this.mode = new DescriptorMode(h);
        this.family = family;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static RingDatagramSocket bind(SocketAddress local, java.util.Map<SocketOption<?>, ?> options)
            throws IOException {
        int family = SockAddr.family(local);
        FdHandle h = SocketFd.open(LoomUring.pollers(), family, SocketConstants.SOCK_DGRAM);
        int fd = h.fd();
        boolean ok = false;
        try {
            if (family == SocketConstants.AF_INET6) {
                Net.setInt(fd, SocketConstants.IPPROTO_IPV6, SocketConstants.IPV6_V6ONLY, 0);
            }
            RingDatagramSocket s = new RingDatagramSocket(h, family,
                    local instanceof java.net.InetSocketAddress isa ? isa.getAddress() : null);
            for (java.util.Map.Entry<SocketOption<?>, ?> e : options.entrySet()) {
                s.setOption((SocketOption) e.getKey(), e.getValue());
            }
            int r = Net.bind(fd, local, family);
            if (r < 0) {
                throw Errors.forSocket(r, "bind to " + local);
            }
            ok = true;
            return s;
        } finally {
            if (!ok) {
                h.close();
            }
        }
    }

    private void checkOpen() throws SocketException {
        if (h.isClosing()) {
            throw new SocketException("Socket closed");
        }
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        checkOpen();
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        int len = dst.isDirect() ? dst.remaining() : Math.min(dst.remaining(), MAX_DATAGRAM);
        try (Lease mem = dst.isDirect() ? Lease.of(dst) : Lease.pooled(len)) {
            int n;
            SocketAddress from;
            if (mode.isNonBlocking()) {
                NonBlocking.Received r = NonBlocking.receive(h, mem.address(), len);
                from = received(r);
                if (from == null) {
                    return null; // nothing now
                }
                n = (int) Math.min(r.length(), len);
            } else {
                MsgOp op = MsgOp.recv(h.fd(), mem, len);
                try {
                    n = Math.min(run(op, readTimeoutNanos, "Receive"), len);
                    from = op.peer();
                } finally {
                    Blocking.release(op);
                }
            }
            if (mem.pooled()) {
                HeapCopy.toHeap(mem.segment(), 0, dst, 0, n);
            }
            dst.position(dst.position() + n);
            return from;
        }
    }

    private int run(MsgOp op, long timeout, String what) throws IOException {
        int r = Blocking.run(h, op, timeout, Style.SOCKET, what);
        if (r < 0) {
            throw Errors.forDatagram(r, what.toLowerCase(java.util.Locale.ROOT));
        }
        return r;
    }

    private static SocketAddress received(NonBlocking.Received r) throws IOException {
        if (r.length() >= 0) {
            return r.from();
        }
        if (NonBlocking.wouldBlock(r.length())) {
            return null;
        }
        throw Errors.forDatagram((int) r.length(), "receive");
    }

    @Override
    public NonBlockingMode nonBlockingSide() {
        return mode;
    }

    @Override
    public int send(ByteBuffer src, SocketAddress target) throws IOException {
        checkOpen();
        int len = src.remaining();
        if (!src.isDirect() && len > BufferPool.MAX) {
            throw Errors.forSocket(-Errno.EMSGSIZE, "send");
        }
        try (Lease mem = src.isDirect() ? Lease.of(src) : Lease.pooled(len)) {
            if (mem.pooled()) {
                HeapCopy.fromHeap(src, 0, mem.segment(), 0, len);
            }
            if (mode.isNonBlocking()) {
                long r = NonBlocking.send(h, mem.address(), len, target, family);
                if (NonBlocking.wouldBlock(r)) {
                    return 0; // the socket's buffer is full
                }
                if (r < 0) {
                    throw Errors.forDatagram((int) r, "send");
                }
                src.position(src.position() + (int) r);
                return (int) r;
            }
            return sendMsg(MsgOp.send(h.fd(), mem, len, target, family), src);
        }
    }

    private int sendMsg(MsgOp op, ByteBuffer src) throws IOException {
        try {
            int n = run(op, 0, "Send");
            src.position(src.position() + n);
            return n;
        } finally {
            Blocking.release(op);
        }
    }

    @Override
    public UringDatagramSocket connect(SocketAddress remote) throws IOException {
        checkOpen();
        ConnectOp op = new ConnectOp(h.fd(), remote, family);
        try {
            int r = Blocking.run(h, op, 0, Style.SOCKET, "Connect");
            if (r < 0) {
                throw Errors.forSocket(r, "connect to " + remote);
            }
        } finally {
            Blocking.release(op);
        }
        connected = remote;
        return this;
    }

    @Override
    public void disconnect() throws IOException {
        checkOpen();
        if (connected != null) {
            SocketAddress before = Net.name(h.fd(), false);
            int r = Net.disconnect(h.fd());
            if (r < 0) {
                throw Errors.forSocket(r, "disconnect");
            }
            connected = null;
            // The kernel drops a port it picked itself (bind to port 0) when the association
            // dissolves; the JDK keeps the socket's port, so bind it again, to the address as bound.
            if (before instanceof java.net.InetSocketAddress b && Net.name(h.fd(), false)
                    instanceof java.net.InetSocketAddress now && now.getPort() != b.getPort()) {
                SocketAddress again = new java.net.InetSocketAddress(boundAddress, b.getPort());
                r = Net.bind(h.fd(), again, family);
                if (r < 0) {
                    throw Errors.forSocket(r, "bind again to " + again + " after disconnect");
                }
            }
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (connected == null) {
            throw new java.nio.channels.NotYetConnectedException();
        }
        return send(src, null);
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        checkOpen();
        return Net.name(h.fd(), false);
    }

    @Override
    public <T> UringDatagramSocket setOption(SocketOption<T> name, T value) throws IOException {
        checkOpen();
        if (Multicast.isMulticastOption(name)) {
            Multicast.set(h.fd(), family, name, value);
            if (name == StandardSocketOptions.IP_MULTICAST_IF) {
                multicastInterface = (java.net.NetworkInterface) value;
            }
            return this;
        }
        if (name == StandardSocketOptions.SO_BROADCAST) {
            int r = Net.setInt(h.fd(), SocketConstants.SOL_SOCKET, SocketConstants.SO_BROADCAST, (Boolean) value ? 1 : 0);
            if (r < 0) {
                throw Errors.forSocket(r, "setsockopt SO_BROADCAST");
            }
            return this;
        }
        SockOpts.set(h.fd(), family, name, value);
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(SocketOption<T> name) throws IOException {
        checkOpen();
        if (name == StandardSocketOptions.IP_MULTICAST_IF) {
            return (T) multicastInterface;
        }
        if (Multicast.isMulticastOption(name)) {
            return (T) Multicast.get(h.fd(), family, name);
        }
        if (name == StandardSocketOptions.SO_BROADCAST) {
            return (T) Boolean.valueOf(Net.getInt(h.fd(), SocketConstants.SOL_SOCKET, SocketConstants.SO_BROADCAST) == 1);
        }
        return SockOpts.get(h.fd(), family, name);
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        readTimeoutNanos = timeout.toNanos();
    }

    @Override
    public void join(java.net.InetAddress group, java.net.NetworkInterface interf, java.net.InetAddress source)
            throws IOException {
        checkOpen();
        Multicast.request(h.fd(), source == null ? SocketConstants.MCAST_JOIN_GROUP : SocketConstants.MCAST_JOIN_SOURCE_GROUP,
                group, interf, source, "join");
    }

    @Override
    public void leave(java.net.InetAddress group, java.net.NetworkInterface interf, java.net.InetAddress source)
            throws IOException {
        checkOpen();
        Multicast.request(h.fd(), source == null ? SocketConstants.MCAST_LEAVE_GROUP : SocketConstants.MCAST_LEAVE_SOURCE_GROUP,
                group, interf, source, "leave");
    }

    @Override
    public void block(java.net.InetAddress group, java.net.NetworkInterface interf, java.net.InetAddress source,
                      boolean block) throws IOException {
        checkOpen();
        Multicast.request(h.fd(), block ? SocketConstants.MCAST_BLOCK_SOURCE : SocketConstants.MCAST_UNBLOCK_SOURCE,
                group, interf, source, block ? "block source in" : "unblock source in");
    }

    @Override
    public void setInterruptPolicy(InterruptPolicy policy) {
        h.interruptPolicy(policy);
    }

    @Override
    public boolean isOpen() {
        return !h.isClosing();
    }

    @Override
    public void close() {
        h.close();
    }
}

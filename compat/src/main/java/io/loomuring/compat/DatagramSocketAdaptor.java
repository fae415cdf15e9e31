package io.loomuring.compat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.DatagramSocketImpl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Set;

/**
 * {@link UringDatagramChannel#socket()}: a {@link DatagramSocket} whose every method is the
 * channel's, with {@code java.net}'s exceptions and {@code SO_TIMEOUT} bounding {@link #receive}.
 */
final class DatagramSocketAdaptor extends DatagramSocket {
    private final UringDatagramChannel ch;
    private volatile Duration timeout = Duration.ZERO;

    private DatagramSocketAdaptor(UringDatagramChannel ch) {
        super(new NoDatagramSocketImpl());
        this.ch = ch;
    }

    static DatagramSocket of(UringDatagramChannel ch) {
        return new DatagramSocketAdaptor(ch);
    }

    private static SocketException asSocketException(IOException e) {
        if (e instanceof ClosedChannelException) {
            return e instanceof java.nio.channels.ClosedByInterruptException
                    ? new SocketException("Closed by interrupt") : new SocketException("Socket closed");
        }
        return e instanceof SocketException se ? se : new SocketException(e.getMessage());
    }

    @Override
    public DatagramChannel getChannel() {
        return ch;
    }

    @Override
    public void bind(SocketAddress local) throws SocketException {
        try {
            ch.bind(local);
        } catch (java.nio.channels.AlreadyBoundException e) {
            throw new SocketException("already bound");
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    @Override
    public void connect(InetAddress address, int port) {
        if (address == null) {
            throw new IllegalArgumentException("Address can't be null");
        }
        try {
            connectInternal(new InetSocketAddress(address, port));
        } catch (SocketException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void connect(SocketAddress remote) throws SocketException {
        if (remote == null) {
            throw new IllegalArgumentException("Address can't be null");
        }
        connectInternal(remote);
    }

    /** As the JDK's adaptor: argument checks first, then nothing at all on a closed socket. */
    private void connectInternal(SocketAddress remote) throws SocketException {
        if (!(remote instanceof InetSocketAddress isa)) {
            throw new IllegalArgumentException("Unsupported address type");
        }
        if (isa.isUnresolved()) {
            throw new SocketException("Unresolved address"); // checked first, closed or not, as the JDK's
        }
        if (isClosed()) {
            return;
        }
        try {
            if (ch.isConnected()) {
                ch.disconnect();
            }
            ch.connect(remote);
        } catch (java.nio.channels.ClosedChannelException e) {
            // closed meanwhile: as on a closed socket, nothing
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    @Override
    public void disconnect() {
        try {
            ch.disconnect();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override public boolean isBound() { return ch.isBound(); }
    @Override public boolean isConnected() { return ch.isConnected(); }
    @Override public boolean isClosed() { return !ch.isOpen(); }

    private SocketAddress remote() {
        return ch.remote(); // kept after close, as the JDK's
    }

    private SocketAddress local() {
        return AdaptorSupport.quietly(ch, ch::getLocalAddress);
    }

    @Override
    public InetAddress getInetAddress() {
        return remote() instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }

    @Override
    public int getPort() {
        return remote() instanceof InetSocketAddress isa ? isa.getPort() : -1;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return remote();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return local();
    }

    @Override
    public InetAddress getLocalAddress() {
        if (isClosed()) {
            return null;
        }
        return local() instanceof InetSocketAddress isa ? isa.getAddress() : new InetSocketAddress(0).getAddress();
    }

    @Override
    public int getLocalPort() {
        if (isClosed()) {
            return -1;
        }
        return local() instanceof InetSocketAddress isa ? isa.getPort() : 0;
    }

    @Override
    public void send(DatagramPacket p) throws IOException {
        if (isClosed()) {
            throw AdaptorSupport.closed();
        }
        SocketAddress target;
        synchronized (p) {
            SocketAddress connected = remote();
            if (connected instanceof InetSocketAddress isa && p.getAddress() == null) {
                p.setAddress(isa.getAddress()); // as the JDK: the packet learns where it went
                p.setPort(isa.getPort());
            }
            target = p.getAddress() == null ? null : p.getSocketAddress();
            if (target == null) {
                throw new IllegalArgumentException("Address not set");
            }
            if (connected != null && !target.equals(connected)) {
                throw new IllegalArgumentException("Connected address and packet address differ");
            }
        }
        try {
            ch.send(ByteBuffer.wrap(p.getData(), p.getOffset(), p.getLength()), target);
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    @Override
    public void receive(DatagramPacket p) throws IOException {
        if (isClosed()) {
            throw AdaptorSupport.closed();
        }
        ByteBuffer b = ByteBuffer.wrap(p.getData(), p.getOffset(), p.getData().length - p.getOffset());
        SocketAddress from;
        try {
            from = ch.receive(b, timeout);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("Receive timed out");
        } catch (java.nio.channels.ClosedByInterruptException e) {
            throw e; // as the JDK's adaptor: the channel's exception, not a SocketException
        } catch (IOException e) {
            throw asSocketException(e);
        }
        p.setSocketAddress(from);
        p.setLength(b.position() - p.getOffset());
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (isClosed()) {
            throw AdaptorSupport.closed();
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        this.timeout = Duration.ofMillis(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        if (isClosed()) {
            throw AdaptorSupport.closed();
        }
        return (int) timeout.toMillis();
    }

    private <T> void set(SocketOption<T> name, T value) throws SocketException {
        AdaptorSupport.set(ch, name, value);
    }

    private <T> T get(SocketOption<T> name) throws SocketException {
        return AdaptorSupport.get(ch, name);
    }

    @Override public void setSendBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("negative send size");
        }
        set(StandardSocketOptions.SO_SNDBUF, size);
    }
    @Override public int getSendBufferSize() throws SocketException { return get(StandardSocketOptions.SO_SNDBUF); }
    @Override public void setReceiveBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("invalid receive size");
        }
        set(StandardSocketOptions.SO_RCVBUF, size);
    }
    @Override public int getReceiveBufferSize() throws SocketException { return get(StandardSocketOptions.SO_RCVBUF); }
    @Override public void setReuseAddress(boolean on) throws SocketException { set(StandardSocketOptions.SO_REUSEADDR, on); }
    @Override public boolean getReuseAddress() throws SocketException { return get(StandardSocketOptions.SO_REUSEADDR); }
    @Override public void setBroadcast(boolean on) throws SocketException { set(StandardSocketOptions.SO_BROADCAST, on); }
    @Override public boolean getBroadcast() throws SocketException { return get(StandardSocketOptions.SO_BROADCAST); }
    @Override public void setTrafficClass(int tc) throws SocketException {
        if (tc < 0 || tc > 255) {
            throw new IllegalArgumentException("tc is not in range 0 -- 255");
        }
        set(StandardSocketOptions.IP_TOS, tc);
    }
    @Override public int getTrafficClass() throws SocketException { return get(StandardSocketOptions.IP_TOS); }

    @Override
    public <T> DatagramSocket setOption(SocketOption<T> name, T value) throws IOException {
        ch.setOption(name, value); // the channel's exceptions, as the JDK's adaptor
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return ch.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return ch.supportedOptions();
    }

    /** As the JDK's adaptor: the channel's {@code join}, once per group and interface. */
    @Override
    public void joinGroup(SocketAddress group, NetworkInterface netIf) throws IOException {
        InetAddress g = checkGroup(group);
        NetworkInterface ni = netIf != null ? netIf : defaultInterface();
        if (isClosed()) {
            throw AdaptorSupport.closed();
        }
        synchronized (this) {
            if (ch.findMembership(g, ni) != null) {
                throw new SocketException("Already a member of group");
            }
            ch.join(g, ni);
        }
    }

    @Override
    public void leaveGroup(SocketAddress group, NetworkInterface netIf) throws IOException {
        InetAddress g = checkGroup(group);
        NetworkInterface ni = netIf != null ? netIf : defaultInterface();
        if (isClosed()) {
            throw AdaptorSupport.closed();
        }
        synchronized (this) {
            java.nio.channels.MembershipKey k = ch.findMembership(g, ni);
            if (k == null) {
                throw new SocketException("Not a member of group");
            }
            k.drop();
        }
    }

    private static InetAddress checkGroup(SocketAddress group) throws SocketException {
        if (!(group instanceof InetSocketAddress isa)) {
            throw new IllegalArgumentException("Unsupported address type");
        }
        if (isa.isUnresolved()) {
            throw new IllegalArgumentException("Unresolved address");
        }
        if (!isa.getAddress().isMulticastAddress()) {
            throw new SocketException("Not a multicast address");
        }
        return isa.getAddress();
    }

    /** The interface a join without one uses: IP_MULTICAST_IF's, else the first one up that does multicast. */
    private NetworkInterface defaultInterface() throws SocketException {
        NetworkInterface ni = get(java.net.StandardSocketOptions.IP_MULTICAST_IF);
        if (ni != null) {
            return ni;
        }
        return NetworkInterface.networkInterfaces().filter(n -> {
            try {
                return n.isUp() && n.supportsMulticast();
            } catch (SocketException e) {
                return false;
            }
        }).findFirst().orElseThrow(() -> new SocketException("No network interface for multicast"));
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException e) {
            // DatagramSocket.close reports nothing
        }
    }

    /** The impl {@link DatagramSocket}'s constructor needs; never reached (every method is overridden). */
    private static final class NoDatagramSocketImpl extends DatagramSocketImpl {
        private static UnsupportedOperationException bug() {
            return new UnsupportedOperationException("adaptor method not overridden");
        }

        @Override protected void create() { throw bug(); }
        @Override protected void bind(int lport, InetAddress laddr) { throw bug(); }
        @Override protected void send(DatagramPacket p) { throw bug(); }
        @Override protected int peek(InetAddress i) { throw bug(); }
        @Override protected int peekData(DatagramPacket p) { throw bug(); }
        @Override protected void receive(DatagramPacket p) { throw bug(); }
        @Override @Deprecated protected void setTTL(byte ttl) { throw bug(); }
        @Override @Deprecated protected byte getTTL() { throw bug(); }
        @Override protected void setTimeToLive(int ttl) { throw bug(); }
        @Override protected int getTimeToLive() { throw bug(); }
        @Override protected void join(InetAddress inetaddr) { throw bug(); }
        @Override protected void leave(InetAddress inetaddr) { throw bug(); }
        @Override protected void joinGroup(SocketAddress mcastaddr, NetworkInterface netIf) { throw bug(); }
        @Override protected void leaveGroup(SocketAddress mcastaddr, NetworkInterface netIf) { throw bug(); }
        @Override protected void close() { }
        @Override public void setOption(int optID, Object value) { throw bug(); }
        @Override public Object getOption(int optID) { throw bug(); }
    }
}

package io.loomuring.backend.jdk;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.time.Duration;

import io.loomuring.UringDatagramSocket;

/** {@link UringDatagramSocket} on {@link DatagramSocket}: the fallback backend. */
final class JdkDatagramSocket extends UringDatagramSocket {
    private final DatagramSocket socket;

    private JdkDatagramSocket(DatagramSocket socket) {
        this.socket = socket;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static JdkDatagramSocket bind(SocketAddress local, java.util.Map<SocketOption<?>, ?> options)
            throws IOException {
        DatagramSocket s = new DatagramSocket(null);
        try {
            for (java.util.Map.Entry<SocketOption<?>, ?> e : options.entrySet()) {
                s.setOption((SocketOption) e.getKey(), e.getValue());
            }
            s.bind(local);
            return new JdkDatagramSocket(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public void join(java.net.InetAddress group, java.net.NetworkInterface interf, java.net.InetAddress source)
            throws IOException {
        if (source != null) {
            throw new UnsupportedOperationException("source-specific multicast needs the io_uring backend");
        }
        socket.joinGroup(new java.net.InetSocketAddress(group, 0), interf);
    }

    @Override
    public void leave(java.net.InetAddress group, java.net.NetworkInterface interf, java.net.InetAddress source)
            throws IOException {
        if (source != null) {
            throw new UnsupportedOperationException("source-specific multicast needs the io_uring backend");
        }
        socket.leaveGroup(new java.net.InetSocketAddress(group, 0), interf);
    }

    @Override
    public void block(java.net.InetAddress group, java.net.NetworkInterface interf, java.net.InetAddress source,
                      boolean block) {
        throw new UnsupportedOperationException("blocking multicast sources needs the io_uring backend");
    }

    @Override
    public void disconnect() {
        socket.disconnect();
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        byte[] b = new byte[dst.remaining()];
        DatagramPacket p = new DatagramPacket(b, b.length);
        socket.receive(p);
        dst.put(b, 0, p.getLength());
        return p.getSocketAddress();
    }

    @Override
    public int send(ByteBuffer src, SocketAddress target) throws IOException {
        int n = src.remaining();
        byte[] b = new byte[n];
        src.get(b);
        socket.send(target == null ? new DatagramPacket(b, n) : new DatagramPacket(b, n, target));
        return n;
    }

    @Override
    public UringDatagramSocket connect(SocketAddress remote) throws IOException {
        socket.connect(remote);
        return this;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!socket.isConnected()) {
            throw new java.nio.channels.NotYetConnectedException();
        }
        return send(src, null);
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        if (socket.isClosed()) {
            throw new SocketException("Socket closed");
        }
        return socket.getLocalSocketAddress();
    }

    @Override
    public <T> UringDatagramSocket setOption(SocketOption<T> name, T value) throws IOException {
        socket.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return socket.getOption(name);
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() {
        socket.close();
    }
}

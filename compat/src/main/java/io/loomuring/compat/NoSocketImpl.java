package io.loomuring.compat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketImpl;

/**
 * The {@link SocketImpl} an adaptor hands to {@link java.net.Socket}'s constructor: the adaptor
 * overrides every method that would reach it, so any call that does is a bug.
 */
final class NoSocketImpl extends SocketImpl {
    private static UnsupportedOperationException bug() {
        return new UnsupportedOperationException("adaptor method not overridden");
    }

    @Override protected void create(boolean stream) { throw bug(); }
    @Override protected void connect(String host, int port) { throw bug(); }
    @Override protected void connect(InetAddress address, int port) { throw bug(); }
    @Override protected void connect(SocketAddress address, int timeout) { throw bug(); }
    @Override protected void bind(InetAddress host, int port) { throw bug(); }
    @Override protected void listen(int backlog) { throw bug(); }
    @Override protected void accept(SocketImpl s) { throw bug(); }
    @Override protected InputStream getInputStream() { throw bug(); }
    @Override protected OutputStream getOutputStream() { throw bug(); }
    @Override protected int available() { throw bug(); }
    @Override protected void close() { }
    @Override protected void sendUrgentData(int data) { throw bug(); }
    @Override public void setOption(int optID, Object value) { throw bug(); }
    @Override public Object getOption(int optID) { throw bug(); }
}

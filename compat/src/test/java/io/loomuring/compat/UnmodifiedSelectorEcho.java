package io.loomuring.compat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * A program that knows nothing of loom-uring: a selector echo server on one thread and a selector
 * client on another, both the classic NIO loop — non-blocking accept, connect with
 * {@code OP_CONNECT}/{@code finishConnect}, reads and writes with partial writes finished under
 * {@code OP_WRITE}, closes. 20 connections × 50 messages of 1–3,000 bytes; the client checks every
 * echoed byte. Prints the same with or without the switch.
 */
public final class UnmodifiedSelectorEcho {
    static final int CONNECTIONS = 20;
    static final int MESSAGES = 50;

    public static void main(String[] args) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.configureBlocking(false);
        Selector serverSelector = Selector.open();
        server.register(serverSelector, SelectionKey.OP_ACCEPT);
        Thread serverThread = Thread.ofPlatform().start(() -> serve(server, serverSelector));
        int checked = client((InetSocketAddress) server.getLocalAddress());
        serverSelector.wakeup();
        serverThread.interrupt();
        serverThread.join();
        System.out.println("selector echo: " + checked + "/" + CONNECTIONS * MESSAGES + " messages checked");
    }

    static final class Conn {
        final ByteBuffer out;
        final ByteBuffer in;
        int sent;

        Conn(int id) {
            out = ByteBuffer.allocate(3_000);
            in = ByteBuffer.allocate(3_000);
            next(id);
        }

        void next(int id) {
            int len = 1 + (id * 7919 + sent * 104729) % 3_000;
            out.clear();
            for (int i = 0; i < len; i++) {
                out.put((byte) (id + sent + i));
            }
            out.flip();
            in.clear().limit(len);
        }
    }

    /** Connects {@link #CONNECTIONS} non-blocking channels, sends and checks {@link #MESSAGES} each; returns the messages checked. */
    static int client(InetSocketAddress to) throws Exception {
        int checked = 0;
        try (Selector sel = Selector.open()) {
            for (int id = 0; id < CONNECTIONS; id++) {
                SocketChannel c = SocketChannel.open();
                c.configureBlocking(false);
                boolean now = c.connect(to);
                c.register(sel, now ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, new Object[] {id, new Conn(id)});
            }
            int open = CONNECTIONS;
            while (open > 0) {
                sel.select(10_000);
                Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    SocketChannel c = (SocketChannel) k.channel();
                    int id = (Integer) ((Object[]) k.attachment())[0];
                    Conn conn = (Conn) ((Object[]) k.attachment())[1];
                    if (k.isConnectable() && c.finishConnect()) {
                        k.interestOps(SelectionKey.OP_WRITE);
                    } else if (k.isValid() && k.isWritable()) {
                        c.write(conn.out);
                        if (!conn.out.hasRemaining()) {
                            k.interestOps(SelectionKey.OP_READ);
                        }
                    } else if (k.isValid() && k.isReadable()) {
                        if (c.read(conn.in) < 0) {
                            throw new IllegalStateException("server closed connection " + id);
                        }
                        if (!conn.in.hasRemaining()) {
                            for (int i = 0; i < conn.in.limit(); i++) {
                                if (conn.in.get(i) != (byte) (id + conn.sent + i)) {
                                    throw new IllegalStateException("connection " + id + " message " + conn.sent + " byte " + i);
                                }
                            }
                            checked++;
                            if (++conn.sent == MESSAGES) {
                                c.close();
                                open--;
                            } else {
                                conn.next(id);
                                k.interestOps(SelectionKey.OP_WRITE);
                            }
                        }
                    }
                }
            }
        }
        return checked;
    }

    /** The echo server's loop, until interrupted; a connection's pending bytes are its attachment. */
    static void serve(ServerSocketChannel server, Selector sel) {
        try (sel; server) {
            while (!Thread.currentThread().isInterrupted()) {
                sel.select();
                Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (k.isValid() && k.isAcceptable()) {
                        for (SocketChannel c; (c = server.accept()) != null; ) {
                            c.configureBlocking(false);
                            c.register(sel, SelectionKey.OP_READ, ByteBuffer.allocate(1_000));
                        }
                        continue;
                    }
                    SocketChannel c = (SocketChannel) k.channel();
                    ByteBuffer buf = (ByteBuffer) k.attachment();
                    if (k.isValid() && k.isWritable()) {
                        c.write(buf);
                        if (!buf.hasRemaining()) {
                            buf.clear();
                            k.interestOps(SelectionKey.OP_READ);
                        }
                    } else if (k.isValid() && k.isReadable()) {
                        if (c.read(buf) < 0) {
                            c.close();
                            continue;
                        }
                        buf.flip();
                        c.write(buf);
                        if (buf.hasRemaining()) {
                            k.interestOps(SelectionKey.OP_WRITE);
                        } else {
                            buf.clear();
                        }
                    }
                }
            }
        } catch (Exception e) {
            System.out.println("server failed: " + e);
        }
    }
}

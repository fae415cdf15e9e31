package io.loomuring.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;

import io.loomuring.compat.UringSelectorProvider;

/**
 * The selector echo server of the benchmarks: one platform thread, one {@link Selector},
 * non-blocking channels, the classic NIO loop — the same code on the JDK's provider ({@code jdk}:
 * epoll) and on compat's ({@code uring}: {@link UringSelectorProvider}, polls on io_uring). A
 * connection reads into its own direct buffer and writes it back; a write that does not finish
 * switches the key to {@code OP_WRITE} until it has.
 *
 * <p>A connection whose first 8 bytes are {@code STATS!!!} gets the selectors' counters as one line
 * ({@code enters=…}, so the load client reports {@code io_uring_enter} calls per round trip) and is
 * closed.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * io.loomuring.bench.SelectorEchoServer jdk|uring PORT}
 */
public final class SelectorEchoServer {
    private SelectorEchoServer() {}

    public static void main(String[] args) throws Exception {
        SelectorProvider provider = args[0].equals("jdk") ? SelectorProvider.provider() : new UringSelectorProvider();
        int port = Integer.parseInt(args[1]);
        try (Selector selector = provider.openSelector();
             ServerSocketChannel server = provider.openServerSocketChannel()) {
            server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            System.out.println("listening on " + server.getLocalAddress() + " (" + selector.getClass().getSimpleName() + ")");
            while (true) {
                selector.select();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isAcceptable()) {
                        accept(server, selector);
                    } else {
                        serve(k, provider);
                    }
                }
            }
        }
    }

    private static void accept(ServerSocketChannel server, Selector selector) throws IOException {
        for (SocketChannel c; (c = server.accept()) != null; ) {
            c.configureBlocking(false);
            c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocateDirect(16 * 1024));
        }
    }

    private static void serve(SelectionKey k, SelectorProvider provider) {
        SocketChannel c = (SocketChannel) k.channel();
        ByteBuffer buf = (ByteBuffer) k.attachment();
        try {
            if (k.isWritable()) { // a write left over: finish it before reading more
                c.write(buf);
                if (buf.hasRemaining()) {
                    return;
                }
                buf.clear();
                k.interestOps(SelectionKey.OP_READ);
                return;
            }
            int n = c.read(buf);
            if (n < 0) {
                close(k);
                return;
            }
            if (n >= 8 && buf.position() == n && isStats(buf)) {
                String line = provider instanceof UringSelectorProvider
                        ? UringSelectorProvider.selectorStats().toString() : "jdk";
                c.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
                close(k);
                return;
            }
            buf.flip();
            c.write(buf);
            if (buf.hasRemaining()) {
                k.interestOps(SelectionKey.OP_WRITE);
            } else {
                buf.clear();
            }
        } catch (IOException e) {
            close(k); // the client went away
        }
    }

    private static boolean isStats(ByteBuffer buf) {
        byte[] head = new byte[8];
        buf.get(0, head);
        return Arrays.equals(head, EchoServer.STATS);
    }

    private static void close(SelectionKey k) {
        k.cancel();
        try {
            k.channel().close();
        } catch (IOException ignored) {
            // closing a connection the client already reset
        }
    }
}

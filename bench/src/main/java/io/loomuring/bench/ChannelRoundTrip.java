package io.loomuring.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import io.loomuring.compat.UringServerSocketChannel;
import io.loomuring.compat.UringSocketChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SocketRoundTrip} through the java.nio channel types, as a program that switched with
 * {@code -Djava.nio.channels.spi.SelectorProvider} would run it: {@code side=jdk}, the JDK's
 * {@code SocketChannel}/{@code ServerSocketChannel} on virtual threads; {@code side=uring},
 * compat's {@link UringSocketChannel}/{@link UringServerSocketChannel} on both ends. A 64-byte
 * request/response from a heap buffer; round trips/s over all connections.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ChannelRoundTrip {
    static final int OPS = 20_000;

    @Param({"jdk", "uring"})
    String side;

    @Param({"1", "50"})
    int connections;

    ServerSocketChannel server;
    SocketChannel[] clients;
    Thread acceptor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        boolean jdk = side.equals("jdk");
        server = jdk ? ServerSocketChannel.open() : UringServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    SocketChannel s = server.accept();
                    Thread.ofVirtual().start(() -> echo(s));
                }
            } catch (IOException closed) {
                // the trial is over
            }
        });
        clients = new SocketChannel[connections];
        for (int i = 0; i < connections; i++) {
            clients[i] = jdk ? SocketChannel.open() : UringSocketChannel.open();
            clients[i].setOption(StandardSocketOptions.TCP_NODELAY, true);
            clients[i].connect(server.getLocalAddress());
        }
    }

    private static void echo(SocketChannel s) {
        ByteBuffer b = ByteBuffer.allocate(64);
        try (s) {
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            while (s.read(b) > 0) {
                b.flip();
                s.write(b);
                b.clear();
            }
        } catch (IOException e) {
            // closed at tear-down
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (SocketChannel c : clients) {
            c.close();
        }
        server.close();
        acceptor.join();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void roundTrip64() throws Exception {
        FanOut.run(connections, OPS / connections, (t, i) -> {
            ByteBuffer b = ByteBuffer.allocate(64);
            SocketChannel c = clients[t];
            c.write(b);
            b.clear();
            while (b.hasRemaining()) {
                if (c.read(b) < 0) {
                    throw new IOException("peer closed");
                }
            }
        });
    }
}

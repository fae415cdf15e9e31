package io.loomuring.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.loomuring.Backend;
import io.loomuring.UringServerSocket;
import io.loomuring.UringSocket;
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
 * A 64-byte request/response round trip on loopback over {@code connections} connections, client
 * and server each one virtual thread per connection, in one process. {@code side=jdk}: the JDK's
 * socket channels on virtual threads (loom-uring's JDK backend, a thin wrapper; the baseline);
 * {@code side=uring}: loom-uring's io_uring sockets on both ends. Results are round trips/s over all connections.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar SocketRoundTrip}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SocketRoundTrip {
    static final int OPS = 20_000;

    @Param({"jdk", "uring"})
    String side;

    @Param({"1", "50"})
    int connections;

    Backend backend;
    UringServerSocket server;
    UringSocket[] clients;
    Thread acceptor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        backend = side.equals("jdk") ? Backend.JDK : Backend.URING;
        server = backend.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024, java.util.Map.of());
        acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    UringSocket s = server.accept();
                    Thread.ofVirtual().start(() -> echo(s));
                }
            } catch (IOException closed) {
                // the trial is over
            }
        });
        clients = new UringSocket[connections];
        for (int i = 0; i < connections; i++) {
            clients[i] = backend.connect(server.localAddress());
            clients[i].setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        }
    }

    private static void echo(UringSocket s) {
        byte[] b = new byte[64];
        try (s) {
            s.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            int n;
            while ((n = s.read(b, 0, b.length)) > 0) {
                s.write(b, 0, n);
            }
        } catch (IOException e) {
            // closed at tear-down
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (UringSocket c : clients) {
            c.close();
        }
        server.close();
        acceptor.join();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void roundTrip64() throws Exception {
        FanOut.run(connections, OPS / connections, (t, i) -> {
            byte[] b = new byte[64];
            UringSocket c = clients[t];
            c.write(b, 0, 64);
            int got = 0;
            while (got < 64) {
                int n = c.read(b, got, 64 - got);
                if (n < 0) {
                    throw new IOException("peer closed");
                }
                got += n;
            }
        });
    }
}

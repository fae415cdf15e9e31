package io.loomuring.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import io.loomuring.compat.UringFileChannel;
import io.loomuring.compat.UringServerSocketChannel;
import io.loomuring.compat.UringSocketChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code FileChannel.transferTo} of a 16 MiB cached file into a loopback socket, drained by a
 * virtual thread on the other end: {@code side=jdk}, the JDK's FileChannel and SocketChannel
 * (sendfile); {@code side=uring}, compat's, which splice file → pipe → socket through the ring.
 * Result: transfers/s (× 16 MiB).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FileToSocket {
    static final int SIZE = 16 << 20;

    @Param({"jdk", "uring", "uring-copy"})
    String side;

    Path file;
    FileChannel in;
    ServerSocketChannel server;
    SocketChannel client;
    Thread drain;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        boolean jdk = side.equals("jdk");
        file = Files.createTempFile("transfer", ".bin");
        Files.write(file, new byte[SIZE]);
        in = jdk ? FileChannel.open(file, StandardOpenOption.READ) : UringFileChannel.open(file, StandardOpenOption.READ);
        server = (jdk ? ServerSocketChannel.open() : UringServerSocketChannel.open())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = jdk ? SocketChannel.open() : UringSocketChannel.open();
        client.connect(server.getLocalAddress());
        SocketChannel peer = server.accept();
        drain = Thread.ofVirtual().start(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 16);
            try (peer) {
                while (peer.read(b.clear()) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // closed at tear-down
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        drain.join();
        server.close();
        in.close();
        Files.delete(file);
    }

    @Benchmark
    public long transfer16MiB() throws IOException {
        java.nio.channels.WritableByteChannel to = side.equals("uring-copy") ? copyOnly : client;
        long sent = 0;
        while (sent < SIZE) {
            sent += in.transferTo(sent, SIZE - sent, to);
        }
        return sent;
    }

    /** The same socket hidden behind a plain WritableByteChannel: compat copies through a buffer. */
    private final java.nio.channels.WritableByteChannel copyOnly = new java.nio.channels.WritableByteChannel() {
        @Override public int write(ByteBuffer src) throws IOException { return client.write(src); }
        @Override public boolean isOpen() { return client.isOpen(); }
        @Override public void close() throws IOException { client.close(); }
    };
}

package io.loomuring.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Locale;

import io.loomuring.Backend;
import io.loomuring.LoomUring;
import io.loomuring.UringServerSocket;
import io.loomuring.UringSocket;

/**
 * Bulk send throughput of one loom-uring socket to a JDK reader on loopback, in messages of
 * {@code size} bytes from one direct buffer: run it twice, with
 * {@code -Dloomuring.socket.sendZcThreshold=0} (IORING_OP_SEND) and {@code =1} (IORING_OP_SEND_ZC),
 * to see whether zero-copy sends pay. Reports MiB/s and the process's CPU per MiB (both sides of
 * the connection are in this process, alike for both runs).
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -Dloomuring.socket.sendZcThreshold=1 -cp
 * bench/target/benchmarks.jar io.loomuring.bench.SendBench SIZE SECONDS}
 */
public final class SendBench {
    private SendBench() {}

    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        try (UringServerSocket server = Backend.URING.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel reader = SocketChannel.open(server.localAddress());
             UringSocket writer = server.accept()) {
            Thread drain = Thread.ofPlatform().daemon().start(() -> {
                ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
                try {
                    while (reader.read(b.clear()) >= 0) {
                        // discard
                    }
                } catch (Exception closed) {
                    // end of the run
                }
            });
            ByteBuffer msg = ByteBuffer.allocateDirect(size);
            long warmEnd = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                writer.write(msg.clear());
            }
            var before = LoomUring.pollers().stats();
            long cpu0 = Cpu.processNanos();
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            long bytes = 0;
            while (System.nanoTime() < end) {
                bytes += writer.write(msg.clear());
            }
            long ns = System.nanoTime() - t0;
            long cpu = Cpu.processNanos() - cpu0;
            var d = LoomUring.pollers().stats().since(before);
            double mib = bytes / 1048576.0;
            System.out.printf(Locale.ROOT, "RESULT size=%d zcThreshold=%s mibps=%.0f cpuUsPerMiB=%.1f entersPerOp=%.3f%n",
                    size, System.getProperty("loomuring.socket.sendZcThreshold", "0"), mib / (ns / 1e9), cpu / 1e3 / mib,
                    d.entersPerOp());
            writer.close();
            drain.join(2000);
        }
    }
}

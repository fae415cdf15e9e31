package io.loomuring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import io.loomuring.poller.kernel.Opcode;

/**
 * Writes through {@code IORING_OP_SEND_ZC} ({@code -Dloomuring.socket.sendZcThreshold}, read once
 * per process, so in a child JVM): 64 MiB in writes of every size class arrive intact, from direct
 * and heap buffers, while the sender rewrites its buffer right after each write returns — which is
 * only safe because a write returns after the kernel's notification, not after the first CQE.
 */
class ZeroCopySendTest {

    /** Child: sends with SEND_ZC from 4 KiB up, checks the receiver's CRC against the sender's. */
    public static void main(String[] args) throws Exception {
        try (UringServerSocket s = UringServerSocket.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             UringSocket c = UringSocket.connect(s.localAddress());
             UringSocket a = s.accept()) {
            long total = 64L << 20;
            CRC32 got = new CRC32();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    ByteBuffer b = ByteBuffer.allocateDirect(1 << 16);
                    long n = 0;
                    while (n < total) {
                        b.clear();
                        int r = a.read(b);
                        if (r < 0) {
                            break;
                        }
                        b.flip();
                        got.update(b);
                        n += r;
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            CRC32 sent = new CRC32();
            Random rnd = new Random(9);
            ByteBuffer direct = ByteBuffer.allocateDirect(1 << 20);
            byte[] heap = new byte[1 << 20];
            long done = 0;
            for (int i = 0; done < total; i++) {
                int len = (int) Math.min(total - done, 4096 << (i % 9)); // 4 KiB .. 1 MiB
                rnd.nextBytes(heap);
                if (i % 2 == 0) {
                    direct.clear().put(heap, 0, len).flip();
                    sent.update(heap, 0, len);
                    c.write(direct);
                    direct.clear().put(new byte[len]); // reuse at once: the kernel must be done
                } else {
                    sent.update(heap, 0, len);
                    c.write(heap, 0, len);
                }
                done += len;
            }
            reader.join();
            System.out.println("SENT " + sent.getValue() + " GOT " + got.getValue());
        }
    }

    @Test
    void zeroCopySendsArriveIntact() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        assumeTrue(LoomUring.pollers().any().supports(Opcode.SEND_ZC), "the kernel has no IORING_OP_SEND_ZC (Linux 6.0+)");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dloomuring.socket.sendZcThreshold=4096",
                "-cp", System.getProperty("java.class.path"), ZeroCopySendTest.class.getName()));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes());
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, proc.exitValue(), out);
        String[] w = out.strip().split("\\s+");
        assertTrue(out.contains("SENT ") && w[w.length - 3].equals(w[w.length - 1]), out);
    }
}

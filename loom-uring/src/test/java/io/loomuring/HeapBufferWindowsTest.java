package io.loomuring;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Heap buffers that are windows on their arrays — a slice (array offset > 0), a position > 0, a
 * limit short of the capacity, a read-only view — read into and written from, on a real file and
 * a real loopback socket: only the window's bytes move, the rest of the array stays as it was,
 * positions move as the JDK's do. Both backends, the same expectations.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HeapBufferWindowsTest {
    @TempDir
    Path dir;

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** A window [7 + 5, 7 + 5 + len) of a 100-byte array: slice at 7, position 5, limit 5 + len. */
    static ByteBuffer window(byte[] array, int len) {
        return ByteBuffer.wrap(array).position(7).slice().position(5).limit(5 + len);
    }

    /**
     * A 100-byte array of -1 but for what two writes of the window's first bytes put at 12 (the
     * window's start) and at {@code 12 + first}, read back into the same window of another array.
     */
    static byte[] expected(byte[] data, int first, int second) {
        byte[] e = new byte[100];
        Arrays.fill(e, (byte) -1);
        System.arraycopy(data, 12, e, 12, first);
        System.arraycopy(data, 12, e, 12 + first, second);
        return e;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void fileReadsAndWritesTouchOnlyTheWindow(Backend backend) throws IOException {
        byte[] data = pattern(100, 1);
        try (UringFile f = backend.openFile(dir.resolve("w"), CREATE, WRITE, READ)) {
            ByteBuffer src = window(data, 40);
            assertEquals(40, f.write(src, 0));
            assertEquals(45, src.position());
            assertEquals(20, f.write(window(data, 20).asReadOnlyBuffer(), 40)); // no accessible array

            byte[] into = new byte[100];
            Arrays.fill(into, (byte) -1);
            ByteBuffer dst = window(into, 60);
            assertEquals(60, f.read(dst, 0));
            assertEquals(65, dst.position());
            assertArrayEquals(expected(data, 40, 20), into);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void socketReadsAndWritesTouchOnlyTheWindow(Backend backend) throws Exception {
        byte[] data = pattern(100, 2);
        try (UringServerSocket server = backend.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16, java.util.Map.of());
             UringSocket c = backend.connect(server.localAddress(), Duration.ofSeconds(10));
             UringSocket s = server.accept()) {
            ByteBuffer src = window(data, 30);
            assertEquals(30, c.write(src));
            assertEquals(35, src.position());
            assertEquals(30, c.write(window(data, 30).asReadOnlyBuffer()));

            byte[] into = new byte[100];
            Arrays.fill(into, (byte) -1);
            int got = 0;
            ByteBuffer dst = window(into, 60);
            while (dst.hasRemaining()) {
                int n = s.read(dst);
                assertEquals(true, n > 0, "end of stream after " + got);
                got += n;
            }
            assertEquals(65, dst.position());
            assertArrayEquals(expected(data, 30, 30), into);
        }
    }
}

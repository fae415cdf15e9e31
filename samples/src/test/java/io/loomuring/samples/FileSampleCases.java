package io.loomuring.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.loomuring.Backend;

/** The {@code cat} and {@code cp} samples against checksums; run once per backend. */
abstract class FileSampleCases {
    @TempDir
    Path dir;

    abstract Backend backend();

    static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(p)) {
            byte[] b = new byte[1 << 16];
            int n;
            while ((n = in.read(b)) > 0) {
                md.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** 512-byte blocks the file occupies on disk ({@code stat -c %b}). */
    static long blocks(Path p) throws Exception {
        Process pr = new ProcessBuilder("stat", "-c", "%b", p.toString()).start();
        String out = new String(pr.getInputStream().readAllBytes()).strip();
        assertEquals(0, pr.waitFor());
        return Long.parseLong(out);
    }

    @Test
    void catConcatenatesFilesExactly() throws Exception {
        Backend b = Backends.require(backend());
        byte[] one = new byte[300_001];
        byte[] two = new byte[17];
        new Random(1).nextBytes(one);
        new Random(2).nextBytes(two);
        Path p1 = Files.write(dir.resolve("one"), one);
        Path p2 = Files.write(dir.resolve("two"), two);
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = Cat.run(b, List.of(p1, empty, p2), Channels.newChannel(out));
        byte[] want = new byte[one.length + two.length];
        System.arraycopy(one, 0, want, 0, one.length);
        System.arraycopy(two, 0, want, one.length, two.length);
        assertEquals(want.length, n);
        assertArrayEquals(want, out.toByteArray());
    }

    @Test
    void cpCopiesLargeFilesExactly() throws Exception {
        Backend b = Backends.require(backend());
        Path src = dir.resolve("large");
        byte[] chunk = new byte[1 << 20];
        Random r = new Random(5);
        try (var out = Files.newOutputStream(src)) {
            for (int i = 0; i < 40; i++) {
                r.nextBytes(chunk);
                out.write(chunk);
            }
            out.write(chunk, 0, 12345); // not a whole number of chunks
        }
        Path dst = dir.resolve("large.copy");
        Files.writeString(dst, "x".repeat(100_000_000 / 1000)); // an existing target is truncated first
        assertEquals(Files.size(src), Cp.copy(b, src, dst, 8));
        assertEquals(Files.size(src), Files.size(dst));
        assertEquals(sha256(src), sha256(dst));
    }

    @Test
    void cpKeepsHolesAndSize() throws Exception {
        Backend b = Backends.require(backend());
        Path src = dir.resolve("sparse");
        long size = 1L << 30; // 1 GiB, almost all hole
        try (RandomAccessFile f = new RandomAccessFile(src.toFile(), "rw")) {
            f.setLength(size);
            f.seek(4096);
            f.write("start".getBytes());
            f.seek(size / 2 + 7);
            f.write("middle".getBytes());
        }
        Path dst = dir.resolve("sparse.copy");
        Cp.copy(b, src, dst, 8);
        assertEquals(size, Files.size(dst));
        assertEquals(sha256(src), sha256(dst));
        assertTrue(blocks(dst) < 16 * 1024, "the copy stays sparse: " + blocks(dst) + " blocks");
        Path zeros = dir.resolve("zeros");
        Files.write(zeros, new byte[Cp.CHUNK * 2 + 1]); // all zeros, a partial last chunk
        Cp.copy(b, zeros, dir.resolve("zeros.copy"), 3);
        assertEquals(Files.size(zeros), Files.size(dir.resolve("zeros.copy")));
    }
}

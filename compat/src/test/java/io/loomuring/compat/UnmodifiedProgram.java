package io.loomuring.compat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A program that knows nothing of loom-uring: java.nio.file only. It writes, copies and reads
 * files in the directory given and prints what it read (sizes, digests, lines) on standard output,
 * and the default provider's class on standard error.
 */
public final class UnmodifiedProgram {
    private UnmodifiedProgram() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        System.err.println("provider: " + dir.getFileSystem().provider().getClass().getName());
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        Path a = dir.resolve("a.bin");
        Files.write(a, data);
        Files.writeString(dir.resolve("t.txt"), "one\ntwo\nthree\n");
        try (FileChannel c = FileChannel.open(dir.resolve("c.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            c.write(ByteBuffer.wrap(data, 0, 100_000), 5);
            ByteBuffer b = ByteBuffer.allocate(10);
            c.read(b, 0);
            System.out.println("c head: " + HexFormat.of().formatHex(b.array()) + " size " + c.size());
        }
        Files.copy(a, dir.resolve("a.copy"), StandardCopyOption.REPLACE_EXISTING);
        try (OutputStream o = Files.newOutputStream(dir.resolve("t.txt"), StandardOpenOption.APPEND)) {
            o.write("four\n".getBytes(StandardCharsets.UTF_8));
        }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        System.out.println("a.copy: " + HexFormat.of().formatHex(md.digest(Files.readAllBytes(dir.resolve("a.copy")))));
        try (InputStream in = Files.newInputStream(a)) {
            System.out.println("a via stream: " + HexFormat.of().formatHex(md.digest(in.readAllBytes())));
        }
        try (BufferedReader r = Files.newBufferedReader(dir.resolve("t.txt"))) {
            System.out.println("lines: " + r.lines().toList());
        }
        List<String> names;
        try (var s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        System.out.println("files: " + names + ", c.bin " + Files.size(dir.resolve("c.bin")) + " bytes");
    }
}

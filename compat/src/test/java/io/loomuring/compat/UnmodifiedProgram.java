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
        interrupts(dir, Thread.ofPlatform());
        interrupts(dir, Thread.ofVirtual());
    }

    interface Call {
        Object run() throws Exception;
    }

    /**
     * Which file calls act on an interrupt: the JDK's streams ({@code newInputStream},
     * {@code newOutputStream}, and so {@code readAllBytes}, {@code readString}, {@code writeString},
     * {@code newBufferedReader}, {@code Files.copy}) do not; channels do.
     */
    private static void interrupts(Path dir, Thread.Builder kind) throws Exception {
        Path t = dir.resolve("t.txt");
        List<String> out = new java.util.ArrayList<>();
        Thread th = kind.start(() -> {
            Call[] calls = {
                () -> Files.readAllBytes(t).length,
                () -> Files.readString(t).length(),
                () -> Files.writeString(dir.resolve("w.txt"), "written").getFileName(),
                () -> { try (InputStream in = Files.newInputStream(t)) { return in.read(); } },
                () -> { try (OutputStream o = Files.newOutputStream(dir.resolve("o.txt"))) { o.write(1); return "ok"; } },
                () -> { try (BufferedReader r = Files.newBufferedReader(t)) { return r.readLine(); } },
                () -> Files.copy(t, dir.resolve("copied.txt"), StandardCopyOption.REPLACE_EXISTING).getFileName(),
                () -> { try (var ch = Files.newByteChannel(t)) { return ch.read(ByteBuffer.allocate(4)); } },
                () -> { try (FileChannel ch = FileChannel.open(t)) { return ch.read(ByteBuffer.allocate(4)); } },
            };
            String[] names = {"readAllBytes", "readString", "writeString", "newInputStream", "newOutputStream",
                "newBufferedReader", "copy", "newByteChannel", "FileChannel"};
            for (int i = 0; i < calls.length; i++) {
                Thread.currentThread().interrupt();
                Object r;
                try {
                    r = calls[i].run();
                } catch (Exception e) {
                    r = "! " + e.getClass().getName();
                }
                out.add("  " + names[i] + ": " + r + ", interrupted " + Thread.interrupted());
            }
        });
        th.join();
        System.out.println("interrupts, " + (th.isVirtual() ? "virtual" : "platform") + " thread:");
        out.forEach(System.out::println);
    }
}

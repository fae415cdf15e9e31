package io.loomuring.thirdparty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the third-party server mains share: each serves {@code /hello}, {@code /bytes?n=N}
 * ({@link Bodies#of}), {@code /file} (a 1 KiB file, read with {@code Files.readAllBytes} per
 * request: open, stat, read, close) and {@code /who} (the handling thread's {@code toString},
 * which names its carrier), prints {@code listening PORT}, and with {@code --until-eof} stops and
 * exits when its standard input ends (so that {@code -Dloomuring.stats=stderr} prints at exit).
 */
final class ServerMain {
    private ServerMain() {}

    static final byte[] HELLO = "Hello, World!".getBytes();
    /** The 1 KiB file {@code /file} serves: {@code Bodies.of(1024)}, written at start-up. */
    static final Path FILE = file();

    private static Path file() {
        try {
            Path f = Files.createTempFile("loomuring-static", ".txt");
            Files.write(f, Bodies.of(1024));
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] fileBody() throws IOException {
        return Files.readAllBytes(FILE);
    }

    static int port(String[] args) {
        return Integer.parseInt(args[0]);
    }

    static void started(int port, String[] args, Runnable stop) throws IOException {
        System.out.println("listening " + port);
        System.out.flush();
        if (args.length > 1 && args[1].equals("--until-eof")) {
            InputStream in = System.in;
            while (in.read() >= 0) {
                // until the parent closes our standard input
            }
            stop.run();
            System.exit(0);
        }
    }
}

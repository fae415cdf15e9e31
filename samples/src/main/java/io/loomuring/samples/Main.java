package io.loomuring.samples;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

import io.loomuring.samples.http.HttpServer;
import sun.misc.Signal;

/**
 * The samples' launcher: {@code samples/run NAME [options]}. Servers print one line
 * {@code listening on HOST:PORT} when ready and stop cleanly (exit status 0) on SIGINT or SIGTERM.
 */
public final class Main {
    private Main() {}

    /** Starts a server sample by name (for tests and embedding). */
    public static Listener start(String name, Options o) throws IOException {
        return switch (name) {
            case "echo" -> Echo.start(o);
            case "http" -> HttpServer.start(o);
            case "proxy" -> Proxy.start(o);
            default -> throw new IllegalArgumentException("not a server sample: " + name);
        };
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: samples/run echo|http|proxy|cat|cp|nops [options]  (see README.md)");
            System.exit(2);
        }
        Options o = Options.parse(Arrays.asList(argv).subList(1, argv.length));
        switch (argv[0]) {
            case "cat" -> Cat.main(o);
            case "cp" -> Cp.main(o);
            case "nops" -> Nops.main(o);
            default -> serve(argv[0], o);
        }
    }

    private static void serve(String name, Options o) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), sig -> stop.countDown());
        Signal.handle(new Signal("TERM"), sig -> stop.countDown());
        Listener l;
        try {
            l = start(name, o);
        } catch (java.net.BindException e) {
            System.err.println("samples/run " + name + ": cannot listen: " + e.getMessage());
            System.exit(1);
            return;
        }
        try (l) {
            System.out.println("listening on " + l.hostPort());
            System.out.flush();
            stop.await();
        }
    }
}

package io.loomuring.samples;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.loomuring.Backend;
import io.loomuring.Backends;
import io.loomuring.LoomUring;

/**
 * Command-line options shared by the samples: {@code --port N} (0 = any), {@code --host ADDR},
 * {@code --backend uring|jdk}, {@code --scheduler carrier|shared}, plus each program's own ({@code --root DIR}, {@code --upstream
 * HOST:PORT[,...]}, ...). Arguments that are not options stay in {@link #args()} in order.
 */
public record Options(Map<String, String> values, List<String> args) {

    /** Parses {@code --name value} pairs and positional arguments. */
    public static Options parse(List<String> argv) {
        Map<String, String> values = new HashMap<>();
        List<String> args = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                if (eq > 0) {
                    values.put(a.substring(2, eq), a.substring(eq + 1));
                } else if (i + 1 < argv.size()) {
                    values.put(a.substring(2), argv.get(++i));
                } else {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
            } else {
                args.add(a);
            }
        }
        return new Options(Map.copyOf(values), List.copyOf(args));
    }

    /** Options from {@code key, value, key, value, ...} (for tests and embedding). */
    public static Options of(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new Options(Map.copyOf(values), List.of());
    }

    public String get(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    /** {@code --name SECONDS} (decimals allowed) as a duration; {@code otherwise} when absent. */
    public java.time.Duration seconds(String name, double otherwise) {
        String v = get(name, null);
        double s = v == null ? otherwise : Double.parseDouble(v);
        if (!(s > 0)) {
            throw new IllegalArgumentException("--" + name + " must be a positive number of seconds: " + v);
        }
        return java.time.Duration.ofNanos((long) (s * 1e9));
    }

    public int port(int otherwise) {
        return Integer.parseInt(get("port", Integer.toString(otherwise)));
    }

    /** The address to listen on: {@code --host} (default 127.0.0.1) and {@code --port}. */
    public InetSocketAddress listenAddress(int defaultPort) {
        return new InetSocketAddress(get("host", "127.0.0.1"), port(defaultPort));
    }

    /** {@code --backend uring|jdk}; without it, what {@link Backends#current()} chose. */
    public Backend backend() {
        String b = values.get("backend");
        if (b == null) {
            return Backends.current();
        }
        return switch (b) {
            case "uring" -> Backend.URING;
            case "jdk" -> Backend.JDK;
            default -> throw new IllegalArgumentException("--backend must be uring or jdk, not " + b);
        };
    }

    /**
     * {@code --scheduler carrier|shared}: where the sample's virtual threads run — on carrier rings
     * ({@link LoomUring#carrierThreads()}, the default; the JVM needs
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED}, which {@code samples/run} passes) or on
     * the JDK's scheduler with the shared ring threads. The JDK backend always uses the latter.
     */
    public Thread.Builder.OfVirtual threads() {
        String s = get("scheduler", "carrier");
        if (!s.equals("carrier") && !s.equals("shared")) {
            throw new IllegalArgumentException("--scheduler must be carrier or shared, not " + s);
        }
        return s.equals("carrier") && backend() == Backend.URING ? LoomUring.carrierThreads() : Thread.ofVirtual();
    }

    public Path path(String name, String otherwise) {
        return Path.of(get(name, otherwise));
    }
}

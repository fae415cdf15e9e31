package io.loomuring.bench;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Idle connections: opens {@code n} connections to an {@link EchoServer} (each server connection
 * then has a virtual thread blocked in {@code read(byte[16 KiB])}), waits for the server to settle,
 * and reports the server's resident memory per connection ({@code VmRSS} from
 * {@code /proc/<pid>/status}, after minus before) and, when the server runs with
 * {@code -XX:NativeMemoryTracking=summary}, its native memory per connection (NMT's committed
 * total without the Java heap: direct buffers, FFM memory, thread stacks, metadata) from {@code jcmd}.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.loomuring.bench.IdleLoad PORT SERVER_PID n}
 */
public final class IdleLoad {
    private IdleLoad() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        int n = Integer.parseInt(args[2]);
        Thread.sleep(1000);
        long before = rssKib(pid);
        long nmtBefore = committedKib(pid);
        List<Socket> conns = new ArrayList<>(n);
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            s.connect(at);
            conns.add(s);
        }
        Thread.sleep(3000); // every connection accepted and its reader parked
        long after = rssKib(pid);
        long nmtAfter = committedKib(pid);
        System.out.printf(Locale.ROOT, "RESULT conns=%d rssBeforeKiB=%d rssAfterKiB=%d bytesPerConn=%.0f nativePerConn=%.0f%n",
                n, before, after, (after - before) * 1024.0 / n,
                nmtBefore < 0 || nmtAfter < 0 ? Double.NaN : (nmtAfter - nmtBefore) * 1024.0 / n);
        for (Socket s : conns) {
            s.close();
        }
    }

    /**
     * The JVM's committed native memory: {@code jcmd PID VM.native_memory summary} "Total" minus
     * "Java Heap" (virtual thread stacks live in the heap, and so are only in the RSS figure), or -1.
     */
    static long committedKib(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        var m = java.util.regex.Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(out);
        var heap = java.util.regex.Pattern.compile("Java Heap \\(reserved=\\d+KB, committed=(\\d+)KB").matcher(out);
        return m.find() && heap.find() ? Long.parseLong(m.group(1)) - Long.parseLong(heap.group(1)) : -1;
    }

    static long rssKib(long pid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }
}

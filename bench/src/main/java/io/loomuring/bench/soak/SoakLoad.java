package io.loomuring.bench.soak;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak's load, JDK sockets on virtual threads: 1,000 echo connections that open, do 20–200
 * checked round trips of 1 B–16 KiB, close and open again; 50 connections through the proxy doing
 * the same; 50 HTTP clients alternating keep-alive sessions of ten requests and one-request
 * connections, for the 1 KiB and the 4 MiB file, whole and by range, every body compared. Prints a
 * {@code LOAD} line every second (operations and errors by kind so far) and stops after
 * {@code SECONDS}.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.loomuring.bench.soak.SoakLoad ECHO HTTP PROXY SECONDS}
 */
public final class SoakLoad {
    private SoakLoad() {}

    static final LongAdder ECHO = new LongAdder();
    static final LongAdder PROXY = new LongAdder();
    static final LongAdder HTTP = new LongAdder();
    static final Map<String, LongAdder> ERRORS = new ConcurrentHashMap<>();
    static volatile boolean stop;

    public static void main(String[] args) throws Exception {
        int echo = Integer.parseInt(args[0]);
        int http = Integer.parseInt(args[1]);
        int proxy = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        for (int i = 0; i < 1000; i++) {
            int id = i;
            Thread.ofVirtual().start(() -> echoForever(echo, id, ECHO));
        }
        for (int i = 0; i < 50; i++) {
            int id = 10_000 + i;
            Thread.ofVirtual().start(() -> echoForever(proxy, id, PROXY));
            Thread.ofVirtual().start(() -> httpForever(http, id));
        }
        long t0 = System.nanoTime();
        for (long t = 1; t <= seconds; t++) {
            Thread.sleep(Math.max(0, t0 + t * 1_000_000_000L - System.nanoTime()) / 1_000_000);
            System.out.println(line(t));
        }
        stop = true;
        Thread.sleep(3000); // the last operations end
        System.out.println(line(seconds) + " DONE");
        System.exit(0);
    }

    static String line(long t) {
        Map<String, Long> errors = new TreeMap<>();
        ERRORS.forEach((k, v) -> errors.put(k, v.sum()));
        long n = errors.values().stream().mapToLong(Long::longValue).sum();
        return "LOAD t=" + t + " echo=" + ECHO.sum() + " proxy=" + PROXY.sum() + " http=" + HTTP.sum() + " errors=" + n
                + " " + errors.toString().replace(' ', '_');
    }

    static void error(Exception e) {
        if (!stop) {
            String m = String.valueOf(e.getMessage());
            ERRORS.computeIfAbsent(e.getClass().getSimpleName() + ":" + m.substring(0, Math.min(60, m.length())),
                    k -> new LongAdder()).increment();
        }
    }

    static void echoForever(int port, int id, LongAdder done) {
        SplittableRandom rnd = new SplittableRandom(id);
        byte[] back = new byte[16 << 10];
        while (!stop) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                DataInputStream in = new DataInputStream(s.getInputStream());
                for (int k = 20 + rnd.nextInt(181); k > 0 && !stop; k--) {
                    byte[] msg = new byte[1 + rnd.nextInt(16 << 10)];
                    rnd.nextBytes(msg);
                    out.write(msg);
                    in.readFully(back, 0, msg.length);
                    if (!Arrays.equals(msg, 0, msg.length, back, 0, msg.length)) {
                        throw new IOException("echo payload differs");
                    }
                    done.increment();
                }
            } catch (IOException e) {
                error(e);
            }
        }
    }

    static void httpForever(int port, int id) {
        SplittableRandom rnd = new SplittableRandom(id);
        while (!stop) {
            boolean keepAlive = rnd.nextBoolean();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 65536);
                for (int k = keepAlive ? 10 : 1; k > 0 && !stop; k--) {
                    boolean big = rnd.nextInt(4) == 0;
                    byte[] file = big ? SoakData.BIG_FILE : SoakData.SMALL_FILE;
                    int first = 0;
                    int last = file.length - 1;
                    String range = "";
                    if (rnd.nextBoolean()) {
                        first = rnd.nextInt(file.length);
                        last = first + rnd.nextInt(file.length - first);
                        range = "Range: bytes=" + first + "-" + last + "\r\n";
                    }
                    out.write(("GET /" + (big ? "big.bin" : "small.bin") + " HTTP/1.1\r\nHost: soak\r\n" + range
                            + (k == 1 ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] body = response(in, range.isEmpty() ? 200 : 206);
                    if (!Arrays.equals(body, 0, body.length, file, first, last + 1)) {
                        throw new IOException("HTTP body differs");
                    }
                    HTTP.increment();
                }
            } catch (IOException e) {
                error(e);
            }
        }
    }

    /** Reads one response with the expected status; returns its body (Content-Length bytes). */
    static byte[] response(InputStream in, int status) throws IOException {
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.1 " + status + " ")) {
            throw new IOException("status " + statusLine);
        }
        long length = -1;
        for (String h; !(h = line(in)).isEmpty(); ) {
            if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(h.substring(15).strip());
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) {
            throw new IOException("body ended after " + body.length + " of " + length);
        }
        return body;
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("end of stream in the head");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}

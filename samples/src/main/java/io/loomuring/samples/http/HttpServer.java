package io.loomuring.samples.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.loomuring.Backend;
import io.loomuring.FileStat;
import io.loomuring.LoomUring;
import io.loomuring.UringFile;
import io.loomuring.UringSocket;
import io.loomuring.poller.RingStats;
import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.carrier.CarrierStats;
import io.loomuring.samples.Listener;
import io.loomuring.samples.Options;

/**
 * HTTP/1.1 static file server, one virtual thread per connection serving its requests in turn
 * (keep-alive, pipelining). {@code GET}/{@code HEAD} of files under {@code --root} read through
 * loom-uring files: small ones in one write with the head, large ones streamed file→socket with
 * {@link UringFile#transferTo} (splice on io_uring). {@code Content-Type} by extension,
 * {@code Last-Modified}/{@code If-Modified-Since}, one {@code Range}; directories get
 * {@code index.html} or a listing. {@code /hello} answers a short plain text (for load tests) and
 * {@code /stats} the poller counters.
 *
 * <p>Hostile clients are bounded: a connection waiting for its next request closes after
 * {@code --idle-timeout} seconds (default 60); a request whose head and body have not all arrived
 * {@code --request-timeout} seconds (default 10) after its first byte gets 408 and the connection
 * closes (a client trickling a byte at a time, a body that never ends); request line, header
 * fields and body have size limits ({@link Request}); malformed input is a 400 and a close.
 *
 * <p>{@code samples/run http [--root DIR] [--port N] [--host ADDR] [--backend uring|jdk]
 * [--idle-timeout S] [--request-timeout S]}
 */
public final class HttpServer {
    private static final byte[] HELLO = "Hello, World!\n".getBytes(StandardCharsets.US_ASCII);
    private static final int INLINE = 64 * 1024;

    private final Backend backend;
    private final StaticFiles files;
    private final Duration idle;
    private final Duration request;

    private HttpServer(Backend backend, StaticFiles files, Duration idle, Duration request) {
        this.backend = backend;
        this.files = files;
        this.idle = idle;
        this.request = request;
    }

    public static Listener start(Options o) throws IOException {
        HttpServer s = new HttpServer(o.backend(), new StaticFiles(o.path("root", ".")),
                o.seconds("idle-timeout", 60), o.seconds("request-timeout", 10));
        return Listener.start("http", s.backend, o.listenAddress(8080), s::serve, o.threads());
    }

    private void serve(UringSocket s) throws IOException {
        HttpInput in = new HttpInput(s, idle, request);
        Response out = new Response();
        while (true) {
            Request r;
            in.startRequest();
            try {
                r = Request.read(in);
            } catch (HttpError e) {
                error(out, e.status, true, true).writeTo(s);
                drainAndClose(s);
                return;
            }
            if (r == null) {
                return;
            }
            boolean close = !r.keepAlive();
            boolean refused = false;
            try {
                refused = !respond(s, out, r, close);
            } catch (HttpError e) {
                close |= e.close;
                refused = true;
                error(out, e.status, close, !r.method().equals("HEAD")).writeTo(s);
            }
            if (close) {
                if (refused) {
                    drainAndClose(s);
                }
                return;
            }
        }
    }

    /** Answers {@code r}, building the answer in {@code out}; false when it refused it (its body may be unread). */
    private boolean respond(UringSocket s, Response out, Request r, boolean close) throws IOException, HttpError {
        boolean head = r.method().equals("HEAD");
        if (!head && !r.method().equals("GET")) {
            send(s, out.start(405).header("Allow", "GET, HEAD"), text("method not allowed"), close, true);
            return false;
        }
        String target = r.target();
        if (target.equals("/hello")) {
            send(s, out.start(200).header("Content-Type", "text/plain"), HELLO, close, !head);
        } else if (target.equals("/stats")) {
            send(s, out.start(200).header("Content-Type", "text/plain; charset=utf-8"), text(stats()), close, !head);
        } else {
            Path p = files.resolve(target);
            if (Files.isDirectory(p)) {
                directory(s, out, r, p, close, head);
            } else {
                file(s, out, r, p, close, head);
            }
        }
        return true;
    }

    /** Most bytes, and most time, a refused client's unread input is drained for before the close. */
    private static final long DRAIN_BYTES = 4 << 20;
    private static final long DRAIN_NANOS = 2_000_000_000L;

    /**
     * Closes after refusing a request whose input may be unread (a 414 for a 200 KB request line,
     * a 413 or 405 with a body) as servers do: the answer is followed by a FIN, then the client's
     * remaining bytes are read and dropped — at most {@link #DRAIN_BYTES}, for at most
     * {@link #DRAIN_NANOS} — and only then the socket closes. Closing with bytes unread sends a
     * reset, which can destroy the answer before the client reads it.
     */
    private static void drainAndClose(UringSocket s) {
        try {
            s.shutdownOutput();
            byte[] sink = new byte[16 * 1024];
            long deadline = System.nanoTime() + DRAIN_NANOS;
            long drained = 0;
            while (drained < DRAIN_BYTES) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                s.setReadTimeout(Duration.ofNanos(left));
                int n = s.read(sink, 0, sink.length);
                if (n < 0) {
                    break;
                }
                drained += n;
            }
        } catch (IOException e) {
            // the time is up, or the client reset: close now
        }
    }

    private void directory(UringSocket s, Response out, Request r, Path dir, boolean close, boolean head)
            throws IOException, HttpError {
        String path = r.target().split("\\?", 2)[0];
        if (!path.endsWith("/")) {
            send(s, out.start(301).header("Location", path + "/"), text("moved"), close, !head);
            return;
        }
        Path index = dir.resolve("index.html");
        if (Files.isRegularFile(index)) {
            file(s, out, r, index, close, head);
            return;
        }
        send(s, out.start(200).header("Content-Type", "text/html; charset=utf-8"),
                files.listing(dir, StaticFiles.decode(path)), close, !head);
    }

    private void file(UringSocket s, Response out, Request r, Path p, boolean close, boolean head) throws IOException, HttpError {
        UringFile f;
        try {
            f = backend.openFile(p, StandardOpenOption.READ);
        } catch (AccessDeniedException e) {
            throw new HttpError(403, "not readable", false);
        }
        try (f) {
            FileStat st = f.stat();
            if (!st.isRegularFile()) {
                throw new HttpError(404, "not a regular file", false);
            }
            long size = st.size();
            String modified = Response.httpDate(st.lastModified().toInstant().truncatedTo(ChronoUnit.SECONDS));
            if (modified.equals(r.header("if-modified-since"))) {
                out.start(304).header("Last-Modified", modified).end(0, close).writeTo(s);
                return;
            }
            ByteRange range = ByteRange.parse(r.header("range"), size);
            if (range == ByteRange.UNSATISFIABLE) {
                send(s, out.start(416).header("Content-Range", "bytes */" + size), text("range not satisfiable"), close, !head);
                return;
            } else if (range != null) {
                out.start(206).header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
            } else {
                out.start(200);
                range = new ByteRange(0, size - 1);
            }
            out.header("Content-Type", ContentTypes.of(p.getFileName().toString()))
                    .header("Last-Modified", modified).header("Accept-Ranges", "bytes");
            long len = size == 0 ? 0 : range.length();
            out.end(len, close);
            if (head) {
                out.writeTo(s);
            } else if (len <= INLINE) {
                byte[] b = out.room((int) len);
                int at = out.length(), got = 0;
                while (got < len) {
                    int n = f.read(b, at + got, (int) len - got, range.first() + got);
                    if (n < 0) {
                        throw new IOException(p + " shrank while being served");
                    }
                    got += n;
                }
                out.grew(got);
                out.writeTo(s);
            } else {
                out.writeTo(s);
                long at = range.first();
                long end = range.first() + len;
                while (at < end) {
                    long n = f.transferTo(at, end - at, s);
                    if (n <= 0) {
                        throw new IOException(p + " shrank while being served");
                    }
                    at += n;
                }
            }
        }
    }

    private String stats() throws IOException {
        if (backend == Backend.JDK) {
            return "backend: jdk (no io_uring poller)\n";
        }
        var group = LoomUring.pollers();
        StringBuilder b = new StringBuilder("backend: uring, rings: " + group.size() + "\n");
        b.append("total: ").append(group.stats()).append('\n');
        for (int i = 0; i < group.size(); i++) {
            b.append("ring ").append(i).append(": ").append(group.get(i).stats()).append('\n');
        }
        RingStats all = group.stats();
        if (CarrierScheduler.currentRing() != null && LoomUring.carrierScheduler() != null) {
            for (CarrierStats c : LoomUring.carrierScheduler().stats()) {
                b.append("carrier ").append(c).append('\n');
                all = RingStats.sum(all, c.ring());
            }
        } else {
            b.append("carriers: none (").append(LoomUring.carrierRingsUnavailable() != null
                    ? LoomUring.carrierRingsUnavailable() : "--scheduler shared").append(")\n");
        }
        b.append("all rings: ").append(all).append('\n');
        return b.toString();
    }

    private static byte[] text(String s) {
        return (s.endsWith("\n") ? s : s + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Builds an error answer in {@code out}. */
    private static Response error(Response out, int status, boolean close, boolean withBody) {
        byte[] body = text(status + " " + Response.reason(status));
        out.start(status).header("Content-Type", "text/plain").end(body.length, close);
        return withBody ? out.body(body) : out;
    }

    /** Ends the head {@code out} holds with {@code body}'s length, and writes it with the body when asked. */
    private static void send(UringSocket s, Response out, byte[] body, boolean close, boolean withBody) throws IOException {
        out.end(body.length, close);
        if (withBody) {
            out.body(body);
        }
        out.writeTo(s);
    }
}

package io.loomuring.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.loomuring.Backend;

/** The {@code http} sample driven by the JDK's HttpClient and by raw sockets; run once per backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpSampleCases {
    Path dir;
    Path root;
    byte[] big;
    Listener server;
    HttpClient client;
    String base;

    abstract Backend backend();

    @BeforeAll
    void start() throws IOException {
        Backend b = Backends.require(backend());
        dir = Files.createTempDirectory("http-sample");
        root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("index.txt"), "plain text\n");
        Files.writeString(root.resolve("page.html"), "<p>hi</p>");
        big = new byte[5 * 1024 * 1024 + 123];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/a b.txt"), "spaced");
        Files.writeString(root.resolve(".secret"), "hidden");
        Files.writeString(dir.resolve("outside.txt"), "outside the root");
        Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("outside.txt"));
        Files.createSymbolicLink(root.resolve("inside.txt"), root.resolve("index.txt"));
        server = Main.start("http", Options.of("port", "0", "root", root.toString(), "backend", Backends.name(b)));
        client = HttpClient.newHttpClient();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (dir != null) {
            try (var all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void helloAndStats() throws Exception {
        var r = get("/hello");
        assertEquals(200, r.statusCode());
        assertEquals("Hello, World!\n", new String(r.body(), StandardCharsets.US_ASCII));
        String stats = new String(get("/stats").body(), StandardCharsets.UTF_8);
        assertTrue(stats.startsWith("backend: " + Backends.name(backend())), stats);
        if (backend() == Backend.URING) {
            assertTrue(stats.contains("submitted=") && stats.contains("enters="), stats);
            // every ring summed, the carriers' too: /hello and /stats went through some ring
            java.util.regex.Matcher all = java.util.regex.Pattern.compile("(?m)^all rings: submitted=(\\d+)").matcher(stats);
            assertTrue(all.find() && Long.parseLong(all.group(1)) > 0, stats);
        }
    }

    @Test
    void smallAndLargeFilesWithTypesAndDates() throws Exception {
        var t = get("/index.txt");
        assertEquals(200, t.statusCode());
        assertEquals("plain text\n", new String(t.body(), StandardCharsets.UTF_8));
        assertEquals("text/plain; charset=utf-8", t.headers().firstValue("content-type").orElseThrow());
        assertEquals("text/html; charset=utf-8", get("/page.html").headers().firstValue("content-type").orElseThrow());
        var b = get("/big.bin");
        assertEquals(200, b.statusCode());
        assertEquals("application/octet-stream", b.headers().firstValue("content-type").orElseThrow());
        assertArrayEquals(big, b.body());
        assertEquals("spaced", new String(get("/sub/a%20b.txt").body(), StandardCharsets.UTF_8));
        String modified = t.headers().firstValue("last-modified").orElseThrow();
        assertEquals(304, get("/index.txt", "If-Modified-Since", modified).statusCode());
        assertEquals("plain text\n", new String(get("/inside.txt").body(), StandardCharsets.UTF_8));
    }

    @Test
    void headHasLengthAndNoBody() throws Exception {
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("HEAD /big.bin HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            String head = c.response(true);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.contains("Content-Length: " + big.length + "\r\n"), head);
            String next = c.response(false); // the next response follows at once: HEAD sent no body
            assertTrue(next.startsWith("HTTP/1.1 200") && next.endsWith("Hello, World!\n"), next);
        }
    }

    @Test
    void ranges() throws Exception {
        var r = get("/big.bin", "Range", "bytes=1000-1999");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 1000-1999/" + big.length, r.headers().firstValue("content-range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(big, 1000, 2000), r.body());
        var tail = get("/big.bin", "Range", "bytes=-10");
        assertArrayEquals(Arrays.copyOfRange(big, big.length - 10, big.length), tail.body());
        var open = get("/big.bin", "Range", "bytes=5000000-");
        assertArrayEquals(Arrays.copyOfRange(big, 5000000, big.length), open.body());
        var past = get("/big.bin", "Range", "bytes=99999999-");
        assertEquals(416, past.statusCode());
        assertEquals("bytes */" + big.length, past.headers().firstValue("content-range").orElseThrow());
        assertEquals(200, get("/big.bin", "Range", "bytes=0-1,5-6").statusCode()); // several: whole file
    }

    @Test
    void errorsKeepTheServerUp() throws Exception {
        assertEquals(404, get("/missing").statusCode());
        assertEquals(404, get("/.secret").statusCode());
        assertEquals(405, client.send(HttpRequest.newBuilder(URI.create(base + "/hello"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("NONSENSE\r\n\r\n");
            assertTrue(c.rest().startsWith("HTTP/1.1 400"));
        }
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n");
            assertTrue(c.rest().startsWith("HTTP/1.1 413"));
        }
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(c.rest().startsWith("HTTP/1.1 414"));
        }
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /hello HTTP/1.1\r\nHost: x\r\n" + "X-A: b\r\n".repeat(200) + "\r\n");
            assertTrue(c.rest().startsWith("HTTP/1.1 431"));
        }
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /hello HTTP/1.1\r\n\r\n"); // HTTP/1.1 without Host
            assertTrue(c.rest().startsWith("HTTP/1.1 400"));
        }
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /hel"); // the client gives up mid-request
        }
        assertEquals(200, get("/hello").statusCode());
    }

    @Test
    void traversalIsRefused() throws Exception {
        for (String t : new String[] {"/../outside.txt", "/sub/../../outside.txt", "/%2e%2e/outside.txt",
                "/%2E%2E%2Foutside.txt", "/sub/%2e%2e/%2e%2e/outside.txt"}) {
            try (RawHttp c = new RawHttp(server.port())) {
                c.send("GET " + t + " HTTP/1.1\r\nHost: x\r\n\r\n");
                String r = c.response(false);
                assertTrue(r.startsWith("HTTP/1.1 403") && !r.contains("outside the root"), t + " -> " + r);
            }
        }
        var link = get("/escape.txt");
        assertEquals(404, link.statusCode());
        assertTrue(!new String(link.body(), StandardCharsets.UTF_8).contains("outside the root"));
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(c.rest().startsWith("HTTP/1.1 400"));
        }
    }

    @Test
    void keepAliveAndPipelining() throws Exception {
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /index.txt HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(c.response(false).endsWith("Hello, World!\n"));
            assertTrue(c.response(false).endsWith("plain text\n"));
            c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"); // same connection, later
            assertTrue(c.response(false).endsWith("Hello, World!\n"));
            c.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String last = c.rest(); // then the server closes
            assertTrue(last.contains("Connection: close") && last.endsWith("Hello, World!\n"), last);
        }
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /hello HTTP/1.0\r\n\r\n"); // 1.0 without keep-alive: closed after one
            assertTrue(c.rest().endsWith("Hello, World!\n"));
        }
    }

    @Test
    void headerNamesInAnyCaseRepeatedFieldsAndMalformedLines() throws Exception {
        try (RawHttp c = new RawHttp(server.port())) { // names in any case, values with spaces around them
            c.send("GET /hello HTTP/1.1\r\nhOsT:   x  \r\nX-Other: y\r\nCONNECTION: \t close \r\n\r\n");
            String r = c.rest();
            assertTrue(r.startsWith("HTTP/1.1 200") && r.contains("Connection: close") && r.endsWith("Hello, World!\n"), r);
        }
        try (RawHttp c = new RawHttp(server.port())) { // a field sent twice is its values joined
            c.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n");
            assertTrue(c.rest().contains("Connection: close"));
        }
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /index.txt HTTP/1.1\r\nHost: x\r\nRANGE: bytes=0-4\r\n\r\n");
            String r = c.response(false);
            assertTrue(r.startsWith("HTTP/1.1 206") && r.endsWith("\r\n\r\nplain"), r);
        }
        for (String bad : new String[] {"GET  /hello HTTP/1.1", "GET /hello  HTTP/1.1", "GET /hello HTTP/1.1 x",
                "GET /hello HTTP/2.0", "G(T /hello HTTP/1.1", " GET /hello HTTP/1.1", "GET /hello"}) {
            try (RawHttp c = new RawHttp(server.port())) {
                c.send(bad + "\r\nHost: x\r\n\r\n");
                String r = c.rest();
                assertTrue(r.startsWith("HTTP/1.1 400"), bad + " -> " + r);
            }
        }
        for (String bad : new String[] {": x", "Ho st: x", "Host x"}) {
            try (RawHttp c = new RawHttp(server.port())) {
                c.send("GET /hello HTTP/1.1\r\nHost: x\r\n" + bad + "\r\n\r\n");
                assertTrue(c.rest().startsWith("HTTP/1.1 400"), bad);
            }
        }
        assertEquals(200, get("/hello").statusCode());
    }

    @Test
    void directories() throws Exception {
        var moved = client.send(HttpRequest.newBuilder(URI.create(base + "/sub")).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(301, moved.statusCode());
        String listing = new String(get("/").body(), StandardCharsets.UTF_8);
        assertTrue(listing.contains("big.bin") && listing.contains("sub/") && !listing.contains(".secret"), listing);
    }

    @Test
    void manyConcurrentClients() throws Exception {
        try (var vts = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < 200; i++) {
                int k = i;
                results.add(vts.submit(() -> {
                    var r = get("/big.bin", "Range", "bytes=" + k * 1000 + "-" + (k * 1000 + 65535));
                    return Arrays.equals(Arrays.copyOfRange(big, k * 1000, k * 1000 + 65536), r.body());
                }));
            }
            for (var f : results) {
                assertTrue(f.get());
            }
        }
    }
}

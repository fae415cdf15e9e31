package io.loomuring.compat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.sun.net.httpserver.HttpServer;

/**
 * A program that knows nothing of loom-uring and is built on selectors end to end: the JDK's
 * {@code HttpServer} (a selector thread and non-blocking channels) and {@code java.net.http.HttpClient}
 * (its selector manager, non-blocking connects) talking over loopback. It prints what it saw, the
 * same with or without the switch, and the selector class on stderr.
 */
public final class UnmodifiedSelectorProgram {
    public static void main(String[] args) throws Exception {
        try (Selector s = Selector.open()) {
            System.err.println("selector class: " + s.getClass().getName());
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/hello", ex -> {
            byte[] body = ("hello " + ex.getRequestURI().getQuery()).getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.createContext("/big", ex -> {
            byte[] body = new byte[1 << 20];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) (i * 31);
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                all.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello?" + i)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            int ok = 0;
            for (int i = 0; i < all.size(); i++) {
                HttpResponse<String> r = all.get(i).get();
                if (r.statusCode() == 200 && r.body().equals("hello " + i)) {
                    ok++;
                }
            }
            System.out.println("hello responses ok: " + ok + "/" + all.size());
            HttpResponse<byte[]> big = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/big")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            long sum = 0;
            for (byte b : big.body()) {
                sum += b & 0xff;
            }
            System.out.println("big: " + big.statusCode() + " " + big.body().length + " bytes, sum " + sum);
            client.close();
        } finally {
            server.stop(0);
        }
    }
}

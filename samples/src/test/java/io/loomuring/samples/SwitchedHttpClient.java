package io.loomuring.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A client that knows nothing of loom-uring: the JDK's {@code HttpClient} (a selector manager
 * thread, non-blocking connects and reads) fetching from the HTTP sample at {@code args[0]} (a port)
 * — 40 concurrent {@code /hello} requests and one file ({@code args[1]}, its expected length in
 * {@code args[2]}). Run under the {@code SelectorProvider} switch by {@link LauncherTest}; prints what
 * it got, and the selector class on stderr.
 */
public final class SwitchedHttpClient {
    public static void main(String[] args) throws Exception {
        try (Selector s = Selector.open()) {
            System.err.println("selector class: " + s.getClass().getName());
        }
        String base = "http://127.0.0.1:" + args[0];
        try (HttpClient client = HttpClient.newHttpClient()) {
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                all.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/hello")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            int ok = 0;
            for (var f : all) {
                ok += f.get().body().equals("Hello, World!\n") ? 1 : 0;
            }
            System.out.println("hello: " + ok + "/40");
            HttpResponse<byte[]> file = client.send(HttpRequest.newBuilder(URI.create(base + "/" + args[1])).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            System.out.println("file: " + file.statusCode() + " " + (file.body().length == Integer.parseInt(args[2])));
        }
    }
}

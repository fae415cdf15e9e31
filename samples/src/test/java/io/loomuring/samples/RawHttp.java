package io.loomuring.samples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw socket client for what {@code HttpClient} refuses to send (malformed requests, traversal). */
final class RawHttp implements AutoCloseable {
    final Socket socket = new Socket();
    private final InputStream in;

    RawHttp(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
    }

    void send(String s) throws IOException {
        socket.getOutputStream().write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads one response: status line and headers, then Content-Length bytes of body (none for HEAD). */
    String response(boolean head) throws IOException {
        StringBuilder h = new StringBuilder();
        while (!h.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("end of stream in a response head: " + h);
            }
            h.append((char) c);
        }
        int len = 0;
        for (String line : h.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                len = Integer.parseInt(line.substring(15).strip());
            }
        }
        byte[] body = head ? new byte[0] : in.readNBytes(len);
        return h + new String(body, StandardCharsets.ISO_8859_1);
    }

    /** Everything until the server closes. */
    String rest() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

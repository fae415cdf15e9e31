package io.loomuring.thirdparty;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A small HTTP/1.1 client on one keep-alive connection, byte-exact: it writes requests as given
 * and reads responses by {@code Content-Length} or chunks, so that tests see what the server sent.
 */
final class HttpProbe implements Closeable {
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    HttpProbe(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    void write(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    Response exchange(String path) throws IOException {
        write(get(path));
        return read();
    }

    /** The next response; {@code null} when the server closed the connection before a status line. */
    Response read() throws IOException {
        String status = line();
        if (status == null) {
            return null;
        }
        int code = Integer.parseInt(status.split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        for (String h; !(h = headerLine()).isEmpty(); ) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int n; (n = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0; ) {
                body.write(in.readNBytes(n));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
            return new Response(code, body.toByteArray());
        }
        byte[] body = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
        if (length >= 0 && body.length < length) {
            throw new EOFException("body cut short: " + body.length + " of " + length);
        }
        return new Response(code, body);
    }

    private String headerLine() throws IOException {
        String h = line();
        if (h == null) {
            throw new EOFException("connection closed inside the headers");
        }
        return h;
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                if (b.isEmpty()) {
                    return null;
                }
                throw new EOFException("connection closed inside a line: " + b);
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

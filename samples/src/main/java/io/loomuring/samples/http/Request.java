package io.loomuring.samples.http;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed request head. {@link #read} enforces the limits: request line 8 KiB (414), header
 * section 100 fields of 8 KiB each (431), body 1 MiB (413); anything malformed is a 400 that
 * closes the connection.
 */
record Request(String method, String target, String version, Map<String, String> headers) {
    static final int MAX_LINE = 8192;
    static final int MAX_HEADERS = 100;
    static final long MAX_BODY = 1 << 20;

    /** The value of header {@code name} (case-insensitive), or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether the connection stays open after the response (HTTP/1.1 default; 1.0 opts in). */
    boolean keepAlive() {
        String c = header("connection");
        String v = c == null ? "" : c.toLowerCase(Locale.ROOT);
        return version.equals("HTTP/1.1") ? !v.contains("close") : v.contains("keep-alive");
    }

    /** Reads one request head, and skips its body; null when the peer closed between requests. */
    static Request read(HttpInput in) throws IOException, HttpError {
        String line = in.readLine(MAX_LINE, 414);
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !isToken(parts[0]) || parts[1].isEmpty()
                || !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))) {
            throw new HttpError(400, "malformed request line", true);
        }
        Map<String, String> headers = new HashMap<>();
        for (int n = 0; ; n++) {
            String h = in.readLine(MAX_LINE, 431);
            if (h == null) {
                throw new HttpError(400, "end of stream in the header section", true);
            }
            if (h.isEmpty()) {
                break;
            }
            if (n == MAX_HEADERS) {
                throw new HttpError(431, "more than " + MAX_HEADERS + " header fields", true);
            }
            int colon = h.indexOf(':');
            if (colon <= 0 || !isToken(h.substring(0, colon))) {
                throw new HttpError(400, "malformed header field", true);
            }
            headers.merge(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).strip(),
                    (a, b) -> a + ", " + b);
        }
        Request r = new Request(parts[0], parts[1], parts[2], headers);
        if (r.header("transfer-encoding") != null) {
            throw new HttpError(400, "chunked request bodies are not accepted", true);
        }
        String cl = r.header("content-length");
        if (cl != null) {
            long len;
            try {
                len = Long.parseLong(cl);
            } catch (NumberFormatException e) {
                throw new HttpError(400, "bad Content-Length", true);
            }
            if (len < 0) {
                throw new HttpError(400, "bad Content-Length", true);
            }
            if (len > MAX_BODY) {
                throw new HttpError(413, "body over " + MAX_BODY + " bytes", true);
            }
            in.skip(len);
        }
        if (r.version.equals("HTTP/1.1") && r.header("host") == null) {
            throw new HttpError(400, "HTTP/1.1 request without Host", true);
        }
        return r;
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}

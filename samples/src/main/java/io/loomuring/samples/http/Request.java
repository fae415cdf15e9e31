package io.loomuring.samples.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A parsed request head: method, target, version, and the header fields this server reads (the
 * others are checked for form and dropped). {@link #read} parses the bytes in place and enforces
 * the limits: request line 8 KiB (414), header section 100 fields of 8 KiB each (431), body 1 MiB
 * (413); anything malformed is a 400 that closes the connection.
 */
record Request(String method, String target, String version, String[] fields) {
    static final int MAX_LINE = 8192;
    static final int MAX_HEADERS = 100;
    static final long MAX_BODY = 1 << 20;

    /** The header fields kept, lower case; {@link #fields} holds their values in this order. */
    private static final String[] KNOWN = {"host", "connection", "content-length", "transfer-encoding",
        "if-modified-since", "range"};
    private static final byte[][] KNOWN_BYTES = new byte[KNOWN.length][];
    private static final String GET = "GET", HEAD = "HEAD", HTTP_11 = "HTTP/1.1", HTTP_10 = "HTTP/1.0";

    static {
        for (int i = 0; i < KNOWN.length; i++) {
            KNOWN_BYTES[i] = KNOWN[i].getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * The value of header {@code name} (case-insensitive; one of those this server reads), or null;
     * a field sent more than once is its values joined with {@code ", "}.
     */
    String header(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < KNOWN.length; i++) {
            if (KNOWN[i].equals(n)) {
                return fields[i];
            }
        }
        throw new IllegalArgumentException("header " + name + " is not kept");
    }

    /** Whether the connection stays open after the response (HTTP/1.1 default; 1.0 opts in). */
    boolean keepAlive() {
        String c = header("connection");
        String v = c == null ? "" : c.toLowerCase(Locale.ROOT);
        return version.equals(HTTP_11) ? !v.contains("close") : v.contains("keep-alive");
    }

    /** Reads one request head, and skips its body; null when the peer closed between requests. */
    static Request read(HttpInput in) throws IOException, HttpError {
        int n = in.readLine(MAX_LINE, 414);
        if (n < 0) {
            return null;
        }
        byte[] b = in.bytes();
        int at = in.lineStart(), stop = at + n;
        int sp1 = indexOf(b, at, stop, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(b, sp1 + 1, stop, (byte) ' ');
        if (sp2 < 0 || indexOf(b, sp2 + 1, stop, (byte) ' ') >= 0 || sp1 == at || sp2 == sp1 + 1
                || !isToken(b, at, sp1)) {
            throw new HttpError(400, "malformed request line", true);
        }
        String version = is(b, sp2 + 1, stop, HTTP_11) ? HTTP_11 : is(b, sp2 + 1, stop, HTTP_10) ? HTTP_10 : null;
        if (version == null) {
            throw new HttpError(400, "malformed request line", true);
        }
        String method = is(b, at, sp1, GET) ? GET : is(b, at, sp1, HEAD) ? HEAD : latin1(b, at, sp1);
        String target = latin1(b, sp1 + 1, sp2);
        String[] fields = new String[KNOWN.length];
        for (int count = 0; ; count++) {
            int len = in.readLine(MAX_LINE, 431);
            if (len < 0) {
                throw new HttpError(400, "end of stream in the header section", true);
            }
            if (len == 0) {
                break;
            }
            if (count == MAX_HEADERS) {
                throw new HttpError(431, "more than " + MAX_HEADERS + " header fields", true);
            }
            int from = in.lineStart(), to = from + len;
            int colon = indexOf(b, from, to, (byte) ':');
            if (colon <= from || !isToken(b, from, colon)) {
                throw new HttpError(400, "malformed header field", true);
            }
            int k = known(b, from, colon);
            if (k >= 0) {
                int vs = colon + 1, ve = to;
                while (vs < ve && Character.isWhitespace((char) (b[vs] & 0xFF))) {
                    vs++;
                }
                while (ve > vs && Character.isWhitespace((char) (b[ve - 1] & 0xFF))) {
                    ve--;
                }
                String v = latin1(b, vs, ve);
                fields[k] = fields[k] == null ? v : fields[k] + ", " + v;
            }
        }
        Request r = new Request(method, target, version, fields);
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
        if (version == HTTP_11 && r.header("host") == null) {
            throw new HttpError(400, "HTTP/1.1 request without Host", true);
        }
        return r;
    }

    private static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code b[from, to)} is exactly {@code s} (ASCII). */
    private static boolean is(byte[] b, int from, int to, String s) {
        if (to - from != s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Which of {@link #KNOWN} the field name {@code b[from, to)} is (any case), or -1. */
    private static int known(byte[] b, int from, int to) {
        outer:
        for (int k = 0; k < KNOWN_BYTES.length; k++) {
            byte[] name = KNOWN_BYTES[k];
            if (name.length != to - from) {
                continue;
            }
            for (int i = 0; i < name.length; i++) {
                int c = b[from + i];
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if (c != name[i]) {
                    continue outer;
                }
            }
            return k;
        }
        return -1;
    }

    private static boolean isToken(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}

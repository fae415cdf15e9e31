package io.loomuring.samples.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

import io.loomuring.UringSocket;

/**
 * A connection's responses, built one at a time in bytes that are reused: status line,
 * {@code Date}, {@code Server}, the given fields, framing, then the body, written to the socket
 * in one write. Nothing is allocated per response for fixed heads and bodies (a {@code /hello}
 * costs no garbage here). One per connection; not thread-safe.
 */
final class Response {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final byte[] SERVER_DATE = "Server: loom-uring-sample\r\nDate: ".getBytes(StandardCharsets.ISO_8859_1);
    private static volatile Stamp stamp = new Stamp(Long.MIN_VALUE, new byte[0]);

    /** The {@code Date} value for one second. */
    private record Stamp(long second, byte[] formatted) {}

    private byte[] buf = new byte[1024];
    private int len;

    /** Starts a response with {@code status}: drops whatever the last one held. */
    Response start(int status) {
        if (buf.length > 16 * 1024) {
            buf = new byte[1024]; // a file's bytes were inlined: not kept for the connection's life
        }
        len = 0;
        ascii("HTTP/1.1 ").number(status).ascii(" ").ascii(reason(status)).ascii("\r\n");
        bytes(SERVER_DATE, 0, SERVER_DATE.length);
        byte[] d = now();
        return bytes(d, 0, d.length).ascii("\r\n");
    }

    Response header(String name, String value) {
        return ascii(name).ascii(": ").ascii(value).ascii("\r\n");
    }

    Response header(String name, long value) {
        return ascii(name).ascii(": ").number(value).ascii("\r\n");
    }

    /** Ends the head: {@code Content-Length}, {@code Connection: close} if asked, and the blank line. */
    Response end(long contentLength, boolean close) {
        header("Content-Length", contentLength);
        if (close) {
            ascii("Connection: close\r\n");
        }
        return ascii("\r\n");
    }

    /** Appends {@code body} after the head. */
    Response body(byte[] body) {
        return bytes(body, 0, body.length);
    }

    /** Makes room for {@code n} more bytes and returns the array; they go at {@link #length()}, then {@link #grew}. */
    byte[] room(int n) {
        ensure(n);
        return buf;
    }

    /** Counts {@code n} bytes written into {@link #room}. */
    void grew(int n) {
        len += n;
    }

    int length() {
        return len;
    }

    /** Writes what was built to {@code s}. */
    void writeTo(UringSocket s) throws IOException {
        s.write(buf, 0, len);
    }

    private Response ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) { // ISO-8859-1, as the head is read: '?' for what it cannot hold
            char c = s.charAt(i);
            buf[len + i] = (byte) (c <= 0xFF ? c : '?');
        }
        len += n;
        return this;
    }

    private Response number(long v) {
        if (v < 0) {
            return ascii(Long.toString(v));
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
        return this;
    }

    private Response bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    static String httpDate(Instant t) {
        return HTTP_DATE.format(t);
    }

    private static byte[] now() {
        long sec = System.currentTimeMillis() / 1000;
        Stamp s = stamp;
        if (s.second != sec) {
            s = new Stamp(sec, httpDate(Instant.ofEpochSecond(sec)).getBytes(StandardCharsets.ISO_8859_1));
            stamp = s;
        }
        return s.formatted;
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 416 -> "Range Not Satisfiable";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            default -> "Status " + status;
        };
    }
}

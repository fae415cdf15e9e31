package io.loomuring.samples.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Builds a response head: status line, {@code Date}, {@code Server}, the given fields, framing. */
final class Response {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static volatile String[] dateCache = {"", ""}; // {epoch second, formatted}

    private final StringBuilder head = new StringBuilder(256);

    Response(int status) {
        head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Server: loom-uring-sample\r\nDate: ").append(now()).append("\r\n");
    }

    Response header(String name, Object value) {
        head.append(name).append(": ").append(value).append("\r\n");
        return this;
    }

    /** The head as bytes, ending with {@code Content-Length}, {@code Connection: close} if asked, and the blank line. */
    byte[] head(long contentLength, boolean close) {
        head.append("Content-Length: ").append(contentLength).append("\r\n");
        if (close) {
            head.append("Connection: close\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static String httpDate(Instant t) {
        return HTTP_DATE.format(t);
    }

    private static String now() {
        long sec = System.currentTimeMillis() / 1000;
        String[] c = dateCache;
        if (!c[0].equals(Long.toString(sec))) {
            c = new String[] {Long.toString(sec), httpDate(Instant.ofEpochSecond(sec))};
            dateCache = c;
        }
        return c[1];
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

package io.loomuring.samples.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Maps a request target to a file under the root, refusing every way out of it: a {@code ..}
 * segment (plain or percent-encoded) is 403, a NUL or a malformed escape is 400, and a path whose
 * real location (symbolic links resolved) is outside the root is 404, as if it did not exist.
 * Hidden names (a segment starting with a dot, such as {@code .git}) are 404 and left out of
 * listings.
 */
final class StaticFiles {
    private final Path root;

    StaticFiles(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    Path root() {
        return root;
    }

    /** The real path of the file or directory {@code target} names. */
    Path resolve(String target) throws HttpError, IOException {
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        if (!rawPath.startsWith("/")) {
            throw new HttpError(400, "request target is not an absolute path", true);
        }
        String path = decode(rawPath);
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw new HttpError(403, "'..' in path", false);
            }
            if (segment.startsWith(".")) {
                throw new HttpError(404, "hidden name", false);
            }
        }
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            throw new HttpError(400, "bad character in path", true);
        }
        Path p = root.resolve(path.substring(1)).normalize();
        if (!p.startsWith(root)) {
            throw new HttpError(403, "outside the root", false);
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (NoSuchFileException e) {
            throw new HttpError(404, "no such file", false);
        }
        if (!real.startsWith(root)) {
            throw new HttpError(404, "link out of the root", false);
        }
        return real;
    }

    /** Percent-decodes a path as UTF-8 ({@code +} stays a plus); a bad escape is 400. */
    static String decode(String s) throws HttpError {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new HttpError(400, "bad percent escape", true);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new HttpError(400, "bad percent escape", true);
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 128) {
                out[n++] = (byte) c;
            } else {
                throw new HttpError(400, "non-ASCII byte in request target", true);
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** A minimal HTML listing of a directory (names escaped, directories first marked with '/'). */
    byte[] listing(Path dir, String urlPath) throws IOException {
        StringBuilder b = new StringBuilder("<!doctype html><meta charset=utf-8><title>")
                .append(escape(urlPath)).append("</title><h1>").append(escape(urlPath)).append("</h1><ul>");
        String base = urlPath.endsWith("/") ? urlPath : urlPath + "/";
        try (var entries = Files.list(dir)) {
            entries.filter(e -> !e.getFileName().toString().startsWith(".")).sorted().forEach(e -> {
                String name = e.getFileName().toString() + (Files.isDirectory(e) ? "/" : "");
                b.append("<li><a href=\"").append(escape(base + name)).append("\">").append(escape(name))
                        .append("</a>");
            });
        }
        return b.append("</ul>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

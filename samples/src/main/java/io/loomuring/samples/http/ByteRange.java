package io.loomuring.samples.http;

/**
 * A single {@code Range: bytes=...} request resolved against a file size: {@code first-last},
 * {@code first-} and {@code -suffix}. Several ranges, other units or a malformed header are ignored
 * (the whole file is served, as RFC 9110 allows).
 *
 * @param first the first byte served
 * @param last  the last byte served (inclusive)
 */
record ByteRange(long first, long last) {
    /** A range no byte of the file satisfies (416). */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    long length() {
        return last - first + 1;
    }

    /** The range asked for, {@link #UNSATISFIABLE}, or null to serve the whole file. */
    static ByteRange parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0 || size == 0) {
                    return suffix < 0 ? null : UNSATISFIABLE;
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (first < 0 || last < first) {
                return null;
            }
            if (first >= size) {
                return UNSATISFIABLE;
            }
            return new ByteRange(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

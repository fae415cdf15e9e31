package io.loomuring.thirdparty;

/** The response bodies the servers send and the clients check: {@code n} bytes that depend on {@code n}. */
final class Bodies {
    private Bodies() {}

    static byte[] of(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + (i * 31 + n) % 26);
        }
        return b;
    }
}

package io.loomuring.samples.http;

/** A request the server answers with an error status; {@code close} ends the connection after it. */
final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;
    final boolean close;

    HttpError(int status, String detail, boolean close) {
        super(detail, null, false, false);
        this.status = status;
        this.close = close;
    }
}

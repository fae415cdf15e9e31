package io.loomuring.samples.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import io.loomuring.UringSocket;

/**
 * The connection's read side: a heap buffer over the socket (heap reads take a kernel buffer only
 * when data arrives, so an idle keep-alive connection pins none), with line reading under a size
 * limit and body skipping, each request under two clocks: waiting for its first byte at most the
 * idle time (then the stream counts as ended: the connection closes quietly), and from its first
 * byte to the end of its body at most the request time (then {@link HttpError} 408 and close) — so
 * a client that trickles a byte at a time, or a body that never ends, holds a connection for a
 * bounded time.
 */
final class HttpInput {
    private final UringSocket socket;
    private final byte[] buf = new byte[16384];
    private final Duration idle;
    private final long requestNanos;
    private int pos;
    private int end;
    private int lineStart;
    private long deadline;          // System.nanoTime() by which this request must have arrived; 0: not started
    private Duration timeoutInUse;  // the socket's read timeout as last set

    HttpInput(UringSocket socket, Duration idle, Duration request) {
        this.socket = socket;
        this.idle = idle;
        this.requestNanos = request.toNanos();
    }

    /** Starts the clocks of a next request: its time runs from now if bytes of it are already buffered. */
    void startRequest() {
        deadline = hasBuffered() ? System.nanoTime() + requestNanos : 0;
    }

    /** Whether bytes of a next request are already buffered (pipelining). */
    boolean hasBuffered() {
        return pos < end;
    }

    /**
     * Fills the buffer; false at end of stream, or when no byte of a request came within the idle
     * time.
     *
     * @throws HttpError 408 when the request's time ran out
     */
    private boolean fill() throws IOException, HttpError {
        if (pos == end) {
            pos = end = 0;
        } else if (end == buf.length) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        Duration timeout = idle;
        if (deadline != 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new HttpError(408, "request not complete in time", true);
            }
            timeout = Duration.ofNanos(left);
        }
        if (!timeout.equals(timeoutInUse)) {
            socket.setReadTimeout(timeout);
            timeoutInUse = timeout;
        }
        int n;
        try {
            n = socket.read(buf, end, buf.length - end);
        } catch (SocketTimeoutException e) {
            if (deadline == 0) {
                return false; // idle: close quietly, as after the client's own close
            }
            throw new HttpError(408, "request not complete in time", true);
        }
        if (n <= 0) {
            return false;
        }
        if (deadline == 0) {
            deadline = System.nanoTime() + requestNanos; // the first byte: the request's clock starts
        }
        end += n;
        return true;
    }

    /**
     * Reads a line ending in CRLF (or a bare LF), without the terminator: its bytes are
     * {@link #bytes()} from {@link #lineStart()}, valid until the next read.
     *
     * @param limit  longest line accepted
     * @param status the error a longer line gets
     * @return the line's length, or -1 at end of stream before any byte of it
     * @throws HttpError the line is longer than {@code limit} (with {@code status}), or the stream
     *                   ended inside it (400)
     */
    int readLine(int limit, int status) throws IOException, HttpError {
        int scanned = pos;
        while (true) {
            for (int i = scanned; i < end; i++) {
                if (buf[i] == '\n') {
                    int stop = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    if (stop - pos > limit) {
                        throw new HttpError(status, "line longer than " + limit, true);
                    }
                    lineStart = pos;
                    pos = i + 1;
                    return stop - lineStart;
                }
            }
            if (end - pos > limit + 1) { // the buffer is twice the limit: a longer line never needs more room
                throw new HttpError(status, "line longer than " + limit, true);
            }
            boolean nothingYet = pos == end;
            int have = end - pos;
            if (!fill()) {
                if (nothingYet) {
                    return -1;
                }
                throw new HttpError(400, "end of stream inside a line", true);
            }
            scanned = pos + have; // fill may have moved the bytes to the front: scan only the new ones
        }
    }

    /** The buffer the last line's bytes are in. */
    byte[] bytes() {
        return buf;
    }

    /** Where the last line read starts in {@link #bytes()}. */
    int lineStart() {
        return lineStart;
    }

    /** Reads and drops {@code n} bytes of request body. */
    void skip(long n) throws IOException, HttpError {
        while (n > 0) {
            if (pos == end && !fill()) {
                throw new HttpError(400, "end of stream inside the body", true);
            }
            int k = (int) Math.min(n, end - pos);
            pos += k;
            n -= k;
        }
    }
}

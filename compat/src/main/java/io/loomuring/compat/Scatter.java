package io.loomuring.compat;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Scattering reads as readv(2) does them: data taken in once, spread over the buffers in order. */
final class Scatter {
    private Scatter() {}

    /** One read into a buffer. */
    interface Read {
        int read(ByteBuffer into) throws IOException;
    }

    /**
     * A scattering read: one {@code read} into a buffer as large as the buffers' room (at most
     * {@code max} bytes; empty when they have none), spread over them in order. Returns what
     * {@code read} returned.
     */
    static long read(ByteBuffer[] dsts, int offset, int length, int max, Read read) throws IOException {
        long room = 0;
        for (int i = offset; i < offset + length; i++) {
            room += dsts[i].remaining();
        }
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(room, max));
        int n = read.read(all);
        if (n > 0) {
            spread(all.flip(), dsts, offset, length);
        }
        return n;
    }

    /** Copies {@code from}'s remaining bytes into {@code dsts[offset, offset+length)}, filling each in turn. */
    static void spread(ByteBuffer from, ByteBuffer[] dsts, int offset, int length) {
        for (int i = offset; i < offset + length && from.hasRemaining(); i++) {
            int k = Math.min(from.remaining(), dsts[i].remaining());
            dsts[i].put(dsts[i].position(), from, from.position(), k);
            dsts[i].position(dsts[i].position() + k);
            from.position(from.position() + k);
        }
    }
}

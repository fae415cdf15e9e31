package io.loomuring.compat;

import java.nio.ByteBuffer;

/** Scattering reads as readv(2) does them: data taken in once, spread over the buffers in order. */
final class Scatter {
    private Scatter() {}

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

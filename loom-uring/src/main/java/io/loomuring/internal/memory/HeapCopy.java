package io.loomuring.internal.memory;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Copies between native memory and a heap buffer's remaining bytes, into or out of its array in
 * place — not through {@code MemorySegment.ofBuffer}, which makes a heap segment and a session for
 * every call (3 % of a switched HTTP server's allocation, in a JFR profile). A heap buffer without an
 * accessible array (read-only) still goes through {@code ofBuffer}. Neither moves the buffer's
 * position.
 *
 * <p>Threads: any.
 */
public final class HeapCopy {
    private HeapCopy() {}

    /**
     * Copies {@code n} bytes of {@code src} from {@code srcOffset} into {@code dst}'s remaining
     * bytes from {@code dstOffset} on.
     *
     * @throws IndexOutOfBoundsException the bytes do not fit in {@code dst}'s remaining bytes
     */
    public static void toHeap(MemorySegment src, long srcOffset, ByteBuffer dst, int dstOffset, int n) {
        Objects.checkFromIndexSize(dstOffset, n, dst.remaining());
        if (dst.hasArray()) {
            MemorySegment.copy(src, JAVA_BYTE, srcOffset, dst.array(), dst.arrayOffset() + dst.position() + dstOffset, n);
        } else {
            MemorySegment.copy(src, srcOffset, MemorySegment.ofBuffer(dst), dstOffset, n);
        }
    }

    /**
     * Copies {@code n} of {@code src}'s remaining bytes from {@code srcOffset} on into {@code dst}
     * at {@code dstOffset}.
     *
     * @throws IndexOutOfBoundsException the bytes are not all among {@code src}'s remaining bytes
     */
    public static void fromHeap(ByteBuffer src, int srcOffset, MemorySegment dst, long dstOffset, int n) {
        Objects.checkFromIndexSize(srcOffset, n, src.remaining());
        if (src.hasArray()) {
            MemorySegment.copy(src.array(), src.arrayOffset() + src.position() + srcOffset, dst, JAVA_BYTE, dstOffset, n);
        } else {
            MemorySegment.copy(MemorySegment.ofBuffer(src), srcOffset, dst, dstOffset, n);
        }
    }
}

package io.loomuring.internal.memory;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The {@code struct iovec} array of one vectored transfer — a gathering write or a scattering
 * read — over a run of {@link ByteBuffer}s, with a {@code struct msghdr} in front of it for
 * {@code sendmsg}/{@code recvmsg}. Direct buffers are used in place; the bytes of heap buffers are
 * staged in one pooled native buffer (copied in for a write, copied out by {@link #done} for a
 * read), so heap memory never reaches the kernel.
 *
 * <p>One call moves the bytes of all the buffers, in order, as {@code writev(2)}/{@code readv(2)}
 * do: a short transfer stops inside one buffer and the later ones are untouched, so a caller that
 * retries with the same buffers continues exactly where the stream stopped. At most
 * {@link #IOV_MAX} buffers and {@link #STAGE_MAX} staged bytes go into one array; the rest waits for
 * the next call (a prefix is taken, never a gap). Buffers with nothing remaining are left out.
 *
 * <p>Ownership: the array and the staging memory belong to the operation that carries them until
 * its CQE arrives (the operation's {@code release()} calls {@link #release()}), or to the caller
 * of a direct system call until it returns. The buffers' positions move only in {@link #done}.
 *
 * <pre>{@code
 * struct msghdr {              struct iovec {
 *     void *msg_name;      // 0    void  *iov_base;  // 0
 *     socklen_t msg_namelen; // 8  size_t iov_len;   // 8
 *     struct iovec *msg_iov; // 16 };                // 16 bytes
 *     size_t msg_iovlen;   // 24
 *     void *msg_control;   // 32
 *     size_t msg_controllen; // 40
 *     int msg_flags;       // 48
 * };                       // 56 bytes
 * }</pre>
 */
public final class IoVec {
    /** Most buffers one vectored call takes ({@code IOV_MAX} on Linux). */
    public static final int IOV_MAX = 1024;
    /** Most bytes of heap buffers staged for one call (the largest pooled buffer). */
    public static final int STAGE_MAX = BufferPool.MAX;
    /** The {@code msghdr} before the array: {@value} bytes. */
    private static final long HDR = 64;

    private final boolean read;
    private final ByteBuffer[] buffers;  // the buffers in the array, in order; keeps direct ones reachable
    private final int[] lengths;         // bytes of each buffer in the array
    private final int[] staged;          // offset of each heap buffer's bytes in the stage; -1 for direct
    private final int count;
    private final long bytes;
    private final NativeBuffer vec;      // msghdr + iovecs
    private final NativeBuffer stage;    // heap bytes, or null
    private boolean released;

    private IoVec(boolean read, ByteBuffer[] bufs, int offset, int length, int maxStage) {
        this.read = read;
        int n = 0;
        long heap = 0;
        for (int i = offset; i < offset + length && n < IOV_MAX; i++) {
            ByteBuffer b = bufs[i];
            if (read && b.isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer");
            }
            if (b.hasRemaining()) {
                n++;
                if (!b.isDirect()) {
                    heap += b.remaining();
                }
            }
        }
        this.buffers = new ByteBuffer[n];
        this.lengths = new int[n];
        this.staged = new int[n];
        this.vec = BufferPool.shared().acquire(HDR + 16L * n);
        this.stage = heap > 0 ? BufferPool.shared().acquire(Math.min(heap, maxStage)) : null;
        MemorySegment v = vec.segment();
        long total = 0;
        int used = 0;   // staged bytes so far
        int k = 0;
        for (int i = offset; i < offset + length && k < n; i++) {
            ByteBuffer b = bufs[i];
            int len = b.remaining();
            if (len == 0) {
                continue;
            }
            long base;
            if (b.isDirect()) {
                staged[k] = -1;
                base = MemorySegment.ofBuffer(b).address();
            } else {
                int room = Math.min(stage.capacity(), maxStage) - used;
                if (room == 0) {
                    break; // the stage is full: the rest goes in the next call
                }
                len = Math.min(len, room);
                staged[k] = used;
                base = stage.address() + used;
                if (!read) {
                    HeapCopy.fromHeap(b, 0, stage.segment(), used, len);
                }
                used += len;
            }
            buffers[k] = b;
            lengths[k] = len;
            v.set(JAVA_LONG, HDR + 16L * k, base);
            v.set(JAVA_LONG, HDR + 16L * k + 8, len);
            total += len;
            k++;
            if (len < b.remaining()) {
                break; // this buffer continues in the next call: nothing after it may go first
            }
        }
        this.count = k;
        this.bytes = total;
        v.asSlice(0, HDR).fill((byte) 0);
        v.set(JAVA_LONG, 16, vec.address() + HDR); // msg_iov
        v.set(JAVA_LONG, 24, k);                   // msg_iovlen
    }

    /**
     * The array for a gathering write of {@code srcs[offset, offset+length)}: heap bytes are copied
     * into native memory now. Positions do not move until {@link #done}.
     */
    public static IoVec gather(ByteBuffer[] srcs, int offset, int length) {
        return new IoVec(false, srcs, offset, length, STAGE_MAX);
    }

    /**
     * The array for a scattering read into {@code dsts[offset, offset+length)}, staging at most
     * {@code maxStage} bytes for heap buffers (a read that waits holds its stage while it waits).
     *
     * @throws IllegalArgumentException a buffer is read-only
     */
    public static IoVec scatter(ByteBuffer[] dsts, int offset, int length, int maxStage) {
        return new IoVec(true, dsts, offset, length, Math.min(maxStage, STAGE_MAX));
    }

    /** Address of the first {@code iovec}. */
    public long iovAddress() {
        return vec.address() + HDR;
    }

    /** The {@code iovec}s, as memory. */
    public MemorySegment iov() {
        return vec.segment().asSlice(HDR, 16L * count);
    }

    /** Address of a {@code msghdr} naming the array (no address, no control data). */
    public long msghdrAddress() {
        return vec.address();
    }

    /** The {@code msghdr}, as memory. */
    public MemorySegment msghdr() {
        return vec.segment().asSlice(0, 56);
    }

    /** Entries in the array. */
    public int count() {
        return count;
    }

    /** Bytes the array covers. */
    public long bytes() {
        return bytes;
    }

    /**
     * The transfer moved {@code n} bytes ({@code 0 <= n <= bytes()}): for a read, copies what
     * landed in the stage into the heap buffers; then advances the buffers' positions over the
     * {@code n} bytes, in order. Call once, after the transfer's result is known.
     */
    public void done(long n) {
        long left = n;
        for (int i = 0; i < count && left > 0; i++) {
            int k = (int) Math.min(left, lengths[i]);
            ByteBuffer b = buffers[i];
            if (read && staged[i] >= 0) {
                HeapCopy.toHeap(stage.segment(), staged[i], b, 0, k);
            }
            b.position(b.position() + k);
            left -= k;
        }
    }

    /** Returns the memory to the pool; only once the kernel can no longer touch it. Idempotent. */
    public void release() {
        if (!released) {
            released = true;
            BufferPool.shared().release(vec);
            if (stage != null) {
                BufferPool.shared().release(stage);
            }
        }
    }
}

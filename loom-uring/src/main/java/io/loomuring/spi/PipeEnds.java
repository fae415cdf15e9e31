package io.loomuring.spi;

import io.loomuring.UringPipe;

/** A loom-uring pipe whose two ends compat's pipe channels put into non-blocking mode separately. */
public interface PipeEnds {
    /** The read end. */
    NonBlockingMode sourceEnd();

    /** The write end. */
    NonBlockingMode sinkEnd();

    /** The pipe's ends, or null (the JDK backend has no non-blocking side). */
    static PipeEnds of(UringPipe p) {
        return p instanceof PipeEnds e ? e : null;
    }
}

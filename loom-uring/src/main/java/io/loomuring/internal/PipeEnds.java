package io.loomuring.internal;

/** A loom-uring pipe whose two ends compat's pipe channels put into non-blocking mode separately. */
public interface PipeEnds {
    /** The read end. */
    NonBlockingMode sourceEnd();

    /** The write end. */
    NonBlockingMode sinkEnd();
}

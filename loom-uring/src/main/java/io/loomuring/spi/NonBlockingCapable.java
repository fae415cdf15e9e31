package io.loomuring.spi;

/** A loom-uring object of the io_uring backend: it has a non-blocking side. */
public interface NonBlockingCapable {
    /** Its non-blocking side (one object for the object's life). */
    NonBlockingMode nonBlockingSide();
}

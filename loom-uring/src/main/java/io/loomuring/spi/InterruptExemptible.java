package io.loomuring.spi;

import java.util.function.BooleanSupplier;

import io.loomuring.UringFile;

/**
 * A file of the io_uring backend whose interrupt policy can be waived by a condition asked only
 * when an interrupt is seen — for a condition too dear to ask at every operation (compat: "is
 * {@code Files.readAllBytes} on the stack", which the JDK makes uninterruptible).
 */
public interface InterruptExemptible {
    /**
     * From now on, an interrupt seen by an operation on this file is left alone (the operation goes
     * on, the status stays set, as {@link io.loomuring.InterruptPolicy#IGNORE}) when
     * {@code exempt} returns true at that moment, on the interrupted thread; otherwise the policy
     * applies.
     */
    void exemptInterrupts(BooleanSupplier exempt);

    /** {@code f}'s exemptible side, or null (the JDK backend: the JDK class keeps its own behaviour). */
    static InterruptExemptible of(UringFile f) {
        return f instanceof InterruptExemptible e ? e : null;
    }
}

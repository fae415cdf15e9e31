package io.loomuring.stress;

import java.util.concurrent.atomic.AtomicInteger;

import io.loomuring.poller.Operation;
import io.loomuring.poller.ring.Sqe;

/**
 * An operation the tests drive by hand, the test actors playing the ring thread and the kernel. It
 * counts {@link #release()} calls and notes any that came before its completion was delivered.
 */
public final class TestOp extends Operation {
    public final AtomicInteger releases = new AtomicInteger();
    /** Set by the "kernel" actor before it delivers the CQE. */
    public volatile boolean cqeArrived;
    /** A release ran while {@link #cqeArrived} was still false, for an operation the kernel saw. */
    public volatile boolean releasedEarly;
    /** Whether the kernel ever saw the operation (it was SUBMITTED). */
    public volatile boolean submitted;

    @Override
    protected void prepare(Sqe sqe) {
        throw new AssertionError("test operations never reach a ring");
    }

    @Override
    protected void release() {
        if (submitted && !cqeArrived) {
            releasedEarly = true;
        }
        releases.incrementAndGet();
    }

    /** Moves NEW → QUEUED, as {@code Poller.submit} does. */
    public TestOp queued() {
        transition(NEW, QUEUED);
        return this;
    }

    /** Moves QUEUED → SUBMITTED, as the ring thread does when it writes the SQE. */
    public TestOp inKernel() {
        if (!transition(QUEUED, SUBMITTED)) {
            throw new IllegalStateException(toString());
        }
        submitted = true;
        return this;
    }
}

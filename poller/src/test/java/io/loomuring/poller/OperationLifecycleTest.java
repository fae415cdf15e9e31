package io.loomuring.poller;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationLifecycleTest {

    @Test
    void impossibleTransitionThrowsAssertionError() {
        Nop op = new Nop();
        AssertionError e = assertThrows(AssertionError.class,
                () -> op.transition(Operation.NEW, Operation.COMPLETED));
        assertTrue(e.getMessage().contains("NEW -> COMPLETED"), e.getMessage());
        assertThrows(AssertionError.class, () -> op.transition(Operation.COMPLETED, Operation.QUEUED));
        assertThrows(AssertionError.class, () -> op.transition(Operation.ABANDONED, Operation.SUBMITTED));
    }

    @Test
    void completionOfAnOrphanReleasesItExactlyOnce() {
        Operation op = new Operation() {
            int released;

            @Override
            protected void prepare(io.loomuring.poller.ring.Sqe sqe) {
            }

            @Override
            protected void release() {
                released++;
                assertEquals(1, released, "released once");
            }
        };
        op.transition(Operation.NEW, Operation.QUEUED);
        op.transition(Operation.QUEUED, Operation.SUBMITTED);
        assertTrue(op.transition(Operation.SUBMITTED, Operation.ORPHANED), "caller gives up");
        op.onCompletion(5, 0, null);
        assertEquals(Operation.RELEASED, op.state());
        assertEquals(5, op.result());
    }

    @Test
    void callerAndCompletionRaceHasExactlyOneWinner() {
        Nop op = new Nop();
        op.waiter(Thread.currentThread());
        op.transition(Operation.NEW, Operation.QUEUED);
        op.transition(Operation.QUEUED, Operation.SUBMITTED);
        op.onCompletion(0, 0, null);
        assertFalse(op.transition(Operation.SUBMITTED, Operation.ORPHANED), "too late to orphan");
        assertEquals(Operation.COMPLETED, op.state());
    }

    @Test
    void abandonedBeforeSubmissionCannotBeSubmitted() {
        Nop op = new Nop();
        op.transition(Operation.NEW, Operation.QUEUED);
        assertTrue(op.transition(Operation.QUEUED, Operation.ABANDONED));
        assertFalse(op.transition(Operation.QUEUED, Operation.SUBMITTED));
    }
}

package io.loomuring.stress.selector;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

import io.loomuring.compat.UringSelectorProvider;

/*
 * The production selector's wakeup against a selection on a platform thread: an eventfd write
 * (once per pending wakeup, after the wake lock is released) against a selection that arms the
 * eventfd's poll, submits and waits in one io_uring_enter, then drains the eventfd. The wakeup lands before the
 * selection, while it arms, or while it waits in the kernel; every time, the selection must end
 * (the spec: "the next invocation ... will return immediately"). A lost wakeup leaves select()
 * blocked forever: STALE. The actor closes the selector once select() returned, racing a wakeup
 * that is still writing (it must not write to a closed or reused descriptor).
 *
 * Run: stress/run quick -t Selector_01
 *
 *   RESULT      EXPECT      DESCRIPTION
 *   TERMINATED  ACCEPTABLE  select() returned
 *   STALE       FORBIDDEN   select() still blocked after the wakeup: a lost wakeup
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The selection ended.")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wakeup: select() still blocked.")
@State
public class Selector_01_WakeupEndsASelection {
    final Selector selector;

    public Selector_01_WakeupEndsASelection() {
        try {
            selector = new UringSelectorProvider().openSelector();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Actor
    public void select() throws IOException {
        try (Selector s = selector) {
            s.select();
        }
    }

    @Signal
    public void wakeup() {
        selector.wakeup();
    }
}

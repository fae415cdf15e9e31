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
 * Selector_01 with the selection on a virtual thread, which parks instead of waiting in the
 * kernel: it submits, finds nothing, and polls the selector's ring fd through loom-uring's own
 * ring (one POLL_ADD, unparked by its completion). The wakeup is an eventfd write (once per
 * pending wakeup, after the wake lock is released); the eventfd's poll completing makes the ring
 * fd readable, which completes the virtual thread's poll. The wakeup lands before the
 * selection, while it arms, or while it is parked; every time, the selection must end
 * (the spec: "the next invocation ... will return immediately"). A lost wakeup leaves select()
 * blocked forever: STALE. The actor closes the selector once select() returned, racing a wakeup
 * that is still writing (it must not write to a closed or reused descriptor).
 *
 * Run: stress/run quick -t Selector_02
 *
 *   RESULT      EXPECT      DESCRIPTION
 *   TERMINATED  ACCEPTABLE  select() returned
 *   STALE       FORBIDDEN   select() still blocked after the wakeup: a lost wakeup
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The selection ended.")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wakeup: select() still blocked.")
@State
public class Selector_02_WakeupEndsAVirtualThreadsSelection {
    final Selector selector;

    public Selector_02_WakeupEndsAVirtualThreadsSelection() {
        try {
            selector = new UringSelectorProvider().openSelector();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Actor
    public void select() throws Exception {
        Thread vt = Thread.ofVirtual().start(() -> {
            try (Selector s = selector) {
                s.select();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        vt.join();
    }

    @Signal
    public void wakeup() {
        selector.wakeup();
    }
}

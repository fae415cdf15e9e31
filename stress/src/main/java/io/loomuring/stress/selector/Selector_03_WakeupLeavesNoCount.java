package io.loomuring.stress.selector;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import io.loomuring.compat.UringSelectorProvider;

/*
 * A wakeup writes the selector ring's eventfd after it leaves the wake lock (the write wakes the
 * selecting thread, which must not then find the lock held). A selection that ends for a ready key
 * before it saw that signal must still consume it: it waits for the write to happen before it
 * drains. A signal left in the eventfd would end the next selection at once, which the JDK's never
 * does ("If no selection operation is currently in progress then the next invocation ... will
 * return immediately" — this one was in progress). The selection finds a pipe readable and returns;
 * the wakeup lands before it, while it arms, while it drains, or after it; then the arbiter drops
 * the key's interest and calls selectNow() (which clears the effect of a wakeup that came after),
 * and its select(1) must wait its millisecond. The arbiter runs on another thread than the actor
 * that armed the eventfd read: that read's completion is the actor thread's task work (late), or
 * an error when the thread has exited (no count taken). Before both were handled, 15-30 % of the
 * outcomes here were 0.
 *
 * Run: stress/run quick -t Selector_03
 *
 *   RESULT  EXPECT      DESCRIPTION
 *   1       ACCEPTABLE  the next selection waited for its timeout
 *   0       FORBIDDEN   the next selection returned at once: the wakeup's signal was left behind
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "The next selection waited for its timeout.")
@Outcome(id = "0", expect = FORBIDDEN, desc = "The next selection returned at once: a signal was left behind.")
@State
public class Selector_03_WakeupLeavesNoCount {
    final Selector selector;
    final Pipe pipe;
    final SelectionKey key;

    public Selector_03_WakeupLeavesNoCount() {
        try {
            UringSelectorProvider p = new UringSelectorProvider();
            selector = p.openSelector();
            pipe = p.openPipe();
            pipe.source().configureBlocking(false);
            key = pipe.source().register(selector, SelectionKey.OP_READ);
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Actor
    public void select() {
        try {
            selector.select();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Actor
    public void wakeup() {
        selector.wakeup();
    }

    @Arbiter
    public void next(I_Result r) {
        try (Selector s = selector; Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            key.interestOps(0);
            s.selectNow(); // clears a wakeup that came after the selection
            s.selectedKeys().clear();
            long t0 = System.nanoTime();
            s.select(1);
            r.r1 = System.nanoTime() - t0 >= 900_000 ? 1 : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

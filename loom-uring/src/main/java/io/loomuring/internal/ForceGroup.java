package io.loomuring.internal;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.loomuring.spi.FileCounters;

/**
 * Group commit: threads that force one file at the same time share {@code fsync}s.
 *
 * <p>A force must return only after an {@code fsync} (or {@code fdatasync}) that <em>started after
 * the force was called</em> has completed: that one covers every write that returned before the
 * call. At most one sync of the file runs at a time (a <em>round</em>). A thread that calls
 * {@link #force} while no round runs leads one: it makes the system call itself, on its own thread,
 * exactly as an ungrouped force would. A thread that calls while a round runs joins the
 * <em>next</em> round, which starts when the running one ends; the first member to take the lock
 * then leads it, the others wait on a condition (a virtual thread unmounts) and take its result.
 * The next round syncs metadata when any member asked for it. So {@code n} concurrent forces cost
 * two syncs, not {@code n}: the journal commit, the device flush and, in the ring, the io-wq hand-off
 * are paid once per round.
 *
 * <p>Who touches what: {@code running} and {@code next} and every field of a round are read and
 * written under {@code lock} only; the sync itself runs outside it. Members never leave a round
 * before it ends (their wait ignores interrupts), so every round that was joined has a leader.
 *
 * <p>Failures: an errno result of the round is every member's result. A round whose leader threw
 * (the channel closed, the leader interrupted) gives its members {@link #RETRY}: the caller decides
 * what its own force then does, as it does for a member interrupted while it waited.
 */
public final class ForceGroup {
    /** The result a member gets when its round's leader threw instead of returning a result. */
    public static final int RETRY = Integer.MIN_VALUE;

    /** {@code -Dloomuring.file.groupForce=false}: every force makes its own sync, for comparison. */
    public static final boolean ENABLED = !"false".equals(System.getProperty("loomuring.file.groupForce"));

    /** One sync of the file: {@code fsync} when {@code metaData}, else {@code fdatasync}. */
    public interface Sync {
        /** The system call's result: 0, or a negated errno. */
        int sync(boolean metaData) throws IOException;
    }

    private static final class Round {
        boolean metaData;
        boolean started;
        boolean ended;
        int result = RETRY;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    private Round running;  // the round syncing now, or chosen to sync next and not yet started
    private Round next;     // members waiting for the round after the running one

    /**
     * Forces the file: leads a round with {@code sync} or waits for the next round to end.
     *
     * @return the round's result: 0, a negated errno, or {@link #RETRY} when the round's leader
     *     threw
     * @throws IOException what {@code sync} threw, when this thread led the round
     */
    public int force(boolean metaData, Sync sync) throws IOException {
        FileCounters.FORCES.increment();
        Round mine;
        lock.lock();
        try {
            if (running == null) {   // then next is null too
                running = new Round();
            }
            if (!running.started) {
                mine = running;
                mine.started = true;
                mine.metaData |= metaData;
            } else {
                if (next == null) {
                    next = new Round();
                }
                mine = next;
                mine.metaData |= metaData;
                while (!mine.ended) {
                    if (running == mine && !mine.started) {
                        mine.started = true;   // the round before ended: lead this one
                        break;
                    }
                    ended.awaitUninterruptibly();
                }
                if (mine.ended) {
                    return mine.result;
                }
            }
        } finally {
            lock.unlock();
        }
        return lead(mine, sync);
    }

    private int lead(Round mine, Sync sync) throws IOException {
        FileCounters.SYNCS.increment();
        int r = RETRY;
        try {
            r = sync.sync(mine.metaData);
            return r;
        } finally {
            lock.lock();
            try {
                mine.result = r;
                mine.ended = true;
                running = next;   // its members wait: the first to see it leads it
                next = null;
                ended.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}

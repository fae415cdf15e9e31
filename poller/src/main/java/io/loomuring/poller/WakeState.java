package io.loomuring.poller;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The word of the ring thread's wake protocol, and the guard that keeps a late wake-up from
 * writing a closed (possibly reused) eventfd. {@link Poller} holds one; it is public so that the
 * protocol can be driven without a ring (the jcstress tests in {@code stress/}).
 *
 * <pre>
 *   producer:    queue.push(op)               ring thread:  announceSleep()
 *                if mustSignal():                           if queue.isEmpty(): wait for a signal
 *                   if beginSignal(): signal                running()
 *                   endSignal()
 * </pre>
 * Each side writes its own word and then reads the other's, all with volatile (sequentially
 * consistent) accesses: the two orders cannot both miss, so either the producer sees SLEEPING and
 * signals, or the ring thread sees the operation before it sleeps. The CAS in {@link #mustSignal}
 * lets one producer per sleep pay for the signal. A signal that arrives while the ring thread is
 * awake only ends its next wait early: a spurious wake-up, never a lost one.
 *
 * <p>Shutdown: the ring thread calls {@link #terminate()}, then waits for {@link #quiescent()}
 * before closing the eventfd; a producer signals only between {@link #beginSignal()} returning
 * true and {@link #endSignal()}. Same write-then-read pairing: no signal can land after the close.
 *
 * <p>Threads: {@link #announceSleep}, {@link #running}, {@link #terminate} on the ring thread; the
 * others from any thread.
 */
public final class WakeState {
    public static final int RUNNING = 0;
    public static final int SLEEPING = 1;
    public static final int WOKEN = 2;
    public static final int TERMINATED = 3;

    private static final VarHandle STATE;
    private static final VarHandle SIGNALERS;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WakeState.class, "state", int.class);
            SIGNALERS = MethodHandles.lookup().findVarHandle(WakeState.class, "signalers", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;      // RUNNING / SLEEPING / WOKEN / TERMINATED
    private volatile int signalers;  // producers between beginSignal and endSignal

    /** Ring thread: about to sleep; re-check the queue after this, then wait for a signal. */
    public void announceSleep() {
        state = SLEEPING;
    }

    /** Ring thread: awake again (or decided not to sleep). */
    public void running() {
        state = RUNNING;
    }

    /**
     * Producer, after its push: whether it must signal the ring thread. True for exactly one
     * producer per announced sleep.
     */
    public boolean mustSignal() {
        return state == SLEEPING && STATE.compareAndSet(this, SLEEPING, WOKEN);
    }

    /** Producer: about to signal; false (and nothing to end) once the ring thread has terminated. */
    public boolean beginSignal() {
        SIGNALERS.getAndAdd(this, 1);
        if (state == TERMINATED) {
            SIGNALERS.getAndAdd(this, -1);
            return false;
        }
        return true;
    }

    /** Producer: the signal is written. */
    public void endSignal() {
        SIGNALERS.getAndAdd(this, -1);
    }

    /** Ring thread, at shutdown: no signal may begin from now on. */
    public void terminate() {
        state = TERMINATED;
    }

    /** Whether no producer is between {@link #beginSignal} and {@link #endSignal}. */
    public boolean quiescent() {
        return signalers == 0;
    }

    /** The current state (volatile read). */
    public int state() {
        return state;
    }
}

package io.loomuring.compat;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.spi.AbstractSelectableChannel;

/**
 * A blocking transfer made by a caller that holds its channel's {@code blockingLock()} — as the
 * streams of {@link java.nio.channels.Channels#newInputStream} and {@code newOutputStream} do around
 * every read and write (the JDK special-cases only its own socket channel) — run so that the lock
 * is not held while the transfer waits: a virtual thread makes the transfer, and the caller waits
 * for it in {@link Object#wait()} on the lock, which releases the monitor. A read blocked in one
 * stream then no longer holds up a write through the other, as with the JDK's own channel.
 *
 * <p>Interrupt, as an interruptible channel's: a caller interrupted before or while it waits closes
 * the channel (which ends the transfer) and gets {@link ClosedByInterruptException} with its
 * interrupt status set. The lock is held only to hand the result over.
 */
final class OutsideBlockingLock {
    private OutsideBlockingLock() {}

    /** The transfer. */
    interface Transfer {
        long run() throws IOException;
    }

    /** Whether the calling thread holds {@code ch}'s blocking lock. */
    static boolean held(AbstractSelectableChannel ch) {
        return Thread.holdsLock(ch.blockingLock());
    }

    /** Runs {@code transfer} on a virtual thread and waits for it with {@code ch}'s blocking lock released. */
    static long run(AbstractSelectableChannel ch, Transfer transfer) throws IOException {
        Object lock = ch.blockingLock();
        if (Thread.currentThread().isInterrupted()) {
            ch.close();
            throw new ClosedByInterruptException();
        }
        Outcome o = new Outcome();
        Thread.ofVirtual().name("loom-uring-stream-transfer").start(() -> {
            long n = 0;
            Throwable failed = null;
            try {
                n = transfer.run();
            } catch (Throwable t) {
                failed = t;
            }
            synchronized (lock) {
                o.result = n;
                o.failure = failed;
                o.done = true;
                lock.notifyAll();
            }
        });
        boolean interrupted = false;
        while (!o.done) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                if (!interrupted) {
                    interrupted = true;
                    ch.close(); // ends the transfer; it is waited for below (it owns the buffer until then)
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new ClosedByInterruptException();
        }
        if (o.failure instanceof IOException e) {
            throw e;
        }
        if (o.failure instanceof RuntimeException e) {
            throw e;
        }
        if (o.failure instanceof Error e) {
            throw e;
        }
        return o.result;
    }

    /** The transfer's outcome; written and read under the lock. */
    private static final class Outcome {
        long result;
        Throwable failure;
        boolean done;
    }
}

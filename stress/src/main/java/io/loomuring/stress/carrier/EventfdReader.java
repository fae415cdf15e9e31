package io.loomuring.stress.carrier;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;

import io.loomuring.poller.IoRing;
import io.loomuring.poller.Operation;
import io.loomuring.poller.PollerClosedException;
import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.ring.Sqe;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.LibC;
import io.loomuring.poller.sys.Syscalls;

/**
 * What the cancel-races-completion tests share: a virtual thread of a carrier scheduler reads an
 * eventfd through its carrier's ring and parks until the read is done; {@link #op} is the read
 * once submitted, {@link #complete} writes the eventfd, {@link #awaitResult} gives the waiter's
 * outcome (the bytes read, {@code -errno}, -4 abandoned, or MIN_VALUE: no outcome within 10 s).
 */
final class EventfdReader {
    /** {@code read(2)} of an eventfd's 8-byte counter into native memory. */
    static final class EventfdRead extends Operation {
        final int fd;
        final MemorySegment buf = Arena.ofAuto().allocate(8, 8);

        EventfdRead(int fd) {
            this.fd = fd;
        }

        @Override
        protected void prepare(Sqe sqe) {
            sqe.prepRw(Opcode.READ, fd, buf.address(), 8, 0);
        }
    }

    final int efd;
    volatile Operation op;
    volatile int result = Integer.MIN_VALUE;

    /** Makes the eventfd and starts the reading virtual thread on {@code scheduler}. */
    EventfdReader(CarrierScheduler scheduler) {
        try (Arena a = Arena.ofConfined()) {
            efd = Syscalls.eventfd(new CallState(a), 0, Syscalls.EFD_CLOEXEC);
        }
        if (efd < 0) {
            throw new IllegalStateException("eventfd: " + efd);
        }
        scheduler.builder().start(() -> {
            IoRing ring = CarrierScheduler.currentRing();
            EventfdRead o = new EventfdRead(efd);
            try {
                ring.submit(o);
            } catch (PollerClosedException e) {
                result = -2000;
                return;
            }
            op = o;
            while (!o.isDone()) {
                ring.beforePark();
                LockSupport.park(o);
                ring.waiterWoke(o);
            }
            result = o.state() == Operation.COMPLETED ? o.result()
                    : o.state() == Operation.ABANDONED ? -4 : -1000 - o.state();
        });
    }

    /** The read, once submitted (spins until then). */
    Operation awaitOp(Runnable spin) {
        Operation o;
        while ((o = op) == null) {
            spin.run();
        }
        return o;
    }

    /** Completes the read: writes the eventfd. */
    void complete() {
        Syscalls.eventfdWrite(efd, 1);
    }

    /** The waiter's outcome, waiting up to 10 s; closes the eventfd once there is one. */
    int awaitResult() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (result == Integer.MIN_VALUE && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        int r = result;
        if (r != Integer.MIN_VALUE) {
            try (Arena a = Arena.ofConfined()) {
                LibC.close(new CallState(a), efd);
            }
        }
        return r;
    }
}

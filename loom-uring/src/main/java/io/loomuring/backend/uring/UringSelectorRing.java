package io.loomuring.backend.uring;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedSelectorException;

import io.loomuring.InterruptPolicy;
import io.loomuring.LoomUring;
import io.loomuring.internal.Blocking;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.Style;
import io.loomuring.poller.Operation;
import io.loomuring.poller.PollerClosedException;
import io.loomuring.poller.RingOwner;
import io.loomuring.poller.RingStats;
import io.loomuring.poller.kernel.CancelFlags;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.RegisterOp;
import io.loomuring.poller.kernel.SetupFlags;
import io.loomuring.poller.ring.IoUringUnavailableException;
import io.loomuring.poller.ring.RingOptions;
import io.loomuring.poller.ring.Sqe;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.Syscalls;
import io.loomuring.spi.Poll;
import io.loomuring.spi.SelectorRing;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link SelectorRing} on a {@link RingOwner}: each armed poll is a one-shot {@code POLL_ADD}
 * operation in the owner's slot table, the wake-up is the owner's eventfd read, and a removal is
 * the owner's cancel by {@code user_data}. The selector's lock holder is the owner.
 */
final class UringSelectorRing implements SelectorRing {
    private final RingOwner owner;
    private final FdHandle ringHandle;     // the ring fd, polled by a selecting virtual thread
    private final Handler handler;
    private boolean closed;                // guarded by this: cancelPolls racing close uses no reused number

    private UringSelectorRing(RingOwner owner, FdHandle ringHandle, Handler handler) {
        this.owner = owner;
        this.ringHandle = ringHandle;
        this.handler = handler;
    }

    static UringSelectorRing open(String name, Handler handler) throws IOException {
        RingOwner owner;
        try {
            // No SINGLE_ISSUER: the selecting thread may change. COOP_TASKRUN: see SelectorRing.
            owner = RingOwner.open(name, new RingOptions(256, 0, SetupFlags.SUBMIT_ALL | SetupFlags.CQSIZE
                    | SetupFlags.COOP_TASKRUN | SetupFlags.TASKRUN_FLAG, false), false, null);
        } catch (IoUringUnavailableException e) {
            throw new IOException("the selector's io_uring ring: " + e.getMessage(), e);
        }
        int fd = owner.ring().fd();
        FdHandle h = new FdHandle(fd, LoomUring.pollers().forFd(fd));
        h.interruptPolicy(InterruptPolicy.IGNORE); // an interrupt wakes the selection instead
        return new UringSelectorRing(owner, h, handler);
    }

    /** A one-shot poll whose completion goes to the handler, on the reaping thread. */
    private final class PollOp extends Operation {
        private final Object key;
        private final int fd;
        private final int events;

        PollOp(Object key, int fd, int events) {
            this.key = key;
            this.fd = fd;
            this.events = events;
        }

        @Override
        public int fd() {
            return fd;
        }

        @Override
        protected void prepare(Sqe sqe) {
            sqe.prepRw(Opcode.POLL_ADD, fd, 0, 0, 0).opFlags(events);
        }

        @Override
        protected int finalResult(int res, int flags) {
            handler.polled(key, this, res);
            return res;
        }
    }

    @Override
    public Object arm(int fd, int events, Object key) {
        PollOp op = new PollOp(key, fd, events);
        try {
            owner.submit(op, null);
        } catch (PollerClosedException e) {
            throw new ClosedSelectorException();
        }
        return op;
    }

    @Override
    public void remove(Object poll) {
        owner.cancel((Operation) poll);
    }

    @Override
    public int submitAndReap(boolean wait, long timeoutNanos) {
        owner.armWake();
        return owner.submitAndReap(wait ? 1 : 0, timeoutNanos);
    }

    @Override
    public int awaitCompletions(long timeoutNanos) throws IOException {
        if (!owner.completionsReady()) {
            try {
                Blocking.poll(ringHandle, Poll.POLLIN, Math.max(0, timeoutNanos), Style.SOCKET, "Select");
            } catch (SocketTimeoutException e) {
                // the time passed: nothing to handle
            }
        }
        return owner.submitAndReap(0, 0); // runs the ring's task work, so that its completions are posted
    }

    @Override
    public boolean completionsReady() {
        return owner.completionsReady();
    }

    @Override
    public boolean takeWake() {
        return owner.takeWake();
    }

    @Override
    public void signal() {
        owner.signal();
    }

    @Override
    public RingStats stats() {
        return owner.stats();
    }

    @Override
    public synchronized void cancelPolls(int fd) {
        if (closed) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            // struct io_uring_sync_cancel_reg { u64 addr; s32 fd; u32 flags; timespec timeout; u8 opcode; ... } (64 bytes)
            MemorySegment reg = a.allocate(64, 8).fill((byte) 0);
            reg.set(JAVA_INT, 8, fd);
            reg.set(JAVA_INT, 12, CancelFlags.FD | CancelFlags.ALL);
            reg.set(JAVA_LONG, 16, -1L);
            reg.set(JAVA_LONG, 24, -1L);
            Syscalls.ioUringRegister(new CallState(a), owner.ring().fd(), RegisterOp.REGISTER_SYNC_CANCEL, reg, 1);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        owner.drainAndClose();
    }
}

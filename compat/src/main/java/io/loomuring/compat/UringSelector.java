package io.loomuring.compat;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketTimeoutException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import io.loomuring.LoomUring;
import io.loomuring.internal.Blocking;
import io.loomuring.internal.FdHandle;
import io.loomuring.internal.NonBlocking;
import io.loomuring.internal.NonBlockingMode;
import io.loomuring.internal.Style;
import io.loomuring.poller.kernel.CancelFlags;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.RegisterOp;
import io.loomuring.poller.kernel.SetupFlags;
import io.loomuring.poller.ring.Ring;
import io.loomuring.poller.ring.RingOptions;
import io.loomuring.poller.ring.Sqe;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.LibC;
import io.loomuring.poller.sys.Syscalls;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A {@link Selector} whose readiness comes from its own io_uring ring: each registered key with a
 * non-empty interest set is one one-shot {@code IORING_OP_POLL_ADD}; a selection submits the polls
 * that need arming and waits for completions in one {@code io_uring_enter}. A poll that fired is
 * armed again at the next selection, and a descriptor still ready completes it at once: the
 * level-triggered readiness of the JDK's selectors. Interest changes take effect at the next
 * selection ({@code POLL_REMOVE} of the old poll, a new one); cancelled keys are deregistered there.
 * {@link #wakeup()} writes an eventfd whose poll sits in the ring.
 *
 * <p>A selection on a platform thread blocks in {@code io_uring_enter}; on a virtual thread it
 * parks: the thread polls the selector's ring fd through its own loom-uring ring. An interrupt
 * wakes the selection (the status stays set), as with the JDK. Closing a registered channel
 * cancels its polls at once ({@code IORING_REGISTER_SYNC_CANCEL}), so the descriptor really closes.
 *
 * <p>Threads: selection under the selector's lock (one selecting thread at a time, as the JDK's);
 * {@link #wakeup()}, registration, interest changes and cancellation from any thread.
 */
final class UringSelector extends AbstractSelector {
    private static final Set<UringSelector> OPEN = ConcurrentHashMap.newKeySet();
    private static final long WAKE_UD = 0;
    private static final long REMOVE_UD = -1;

    private final Ring ring;
    private final int eventFd;
    private final FdHandle ringHandle;          // the ring fd, polled by a selecting virtual thread
    private final Arena arena = Arena.ofShared();
    private final CallState st = new CallState(arena);
    private final MemorySegment drain = arena.allocate(8, 8);
    private final List<UringSelectionKey> slots = new ArrayList<>();   // guarded by slots
    private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();  // guarded by slots
    private final Set<SelectionKey> keys = ConcurrentHashMap.newKeySet();
    private final Set<SelectionKey> publicKeys = Collections.unmodifiableSet(keys);
    private final Set<SelectionKey> selected = new HashSet<>();
    private final Set<SelectionKey> publicSelected = new Ungrowable(selected);
    private final ConcurrentLinkedQueue<UringSelectionKey> changed = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<UringSelectionKey> toArm = new ArrayDeque<>();  // selecting thread
    private final List<FdHandle> entered = new ArrayList<>();               // selecting thread
    private final Object wakeLock = new Object();
    private boolean wakePending;                // guarded by wakeLock
    private boolean eventFdClosed;              // guarded by wakeLock: a wakeup racing close writes nothing
    private boolean internalPending;            // guarded by wakeLock: the eventfd written for a socket made, not by wakeup()
    private boolean wakeArmed;                  // selecting thread
    private int updated;                        // selecting thread: keys updated in this selection
    private int fired;                          // selecting thread: keys found ready in this selection
    private int enters;                         // selecting thread: io_uring_enter calls in this selection
    private int armed;                          // selecting thread: POLL_ADDs of keys in this selection

    UringSelector(SelectorProvider provider) throws IOException {
        super(provider);
        Ring r;
        try {
            // COOP_TASKRUN: a poll's completion runs as task work at the selecting thread's next
            // syscall (it makes them all the time: reads, writes) instead of an IPI that interrupts
            // it. With the IPI the thread was sent into recvfrom while the softirq that woke the poll
            // still held the socket's lock: 30 % of the CPU spun on it, and the selector echo ran at
            // half the JDK's speed (bench/run selector; docs/design/selectors.md).
            r = Ring.open(new RingOptions(256, 0, SetupFlags.SUBMIT_ALL | SetupFlags.CQSIZE
                    | SetupFlags.COOP_TASKRUN | SetupFlags.TASKRUN_FLAG, false));
        } catch (io.loomuring.poller.IoUringUnavailableException e) {
            throw new IOException("the selector's io_uring ring: " + e.getMessage(), e);
        }
        int efd = Syscalls.eventfd(st, 0, Syscalls.EFD_CLOEXEC | Syscalls.EFD_NONBLOCK);
        if (efd < 0) {
            r.close();
            throw io.loomuring.internal.Errors.forFd(efd, "eventfd");
        }
        this.ring = r;
        this.eventFd = efd;
        this.ringHandle = new FdHandle(r.fd(), LoomUring.pollers().forFd(r.fd()));
        ringHandle.interruptPolicy(io.loomuring.internal.Interrupts.IGNORE); // an interrupt wakes the selection instead
        OPEN.add(this);
    }

    private void ensureOpen() {
        if (!isOpen()) {
            throw new ClosedSelectorException();
        }
    }

    @Override
    public Set<SelectionKey> keys() {
        ensureOpen();
        return publicKeys;
    }

    @Override
    public Set<SelectionKey> selectedKeys() {
        ensureOpen();
        return publicSelected;
    }

    @Override
    protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object att) {
        if (!(ch instanceof SelChannel)) {
            throw new IllegalSelectorException();
        }
        UringSelectionKey k;
        synchronized (slots) {
            Integer free = freeSlots.poll();
            int id = free != null ? free : slots.size();
            k = new UringSelectionKey(ch, this, id);
            if (free != null) {
                slots.set(id, k);
            } else {
                slots.add(k);
            }
        }
        k.attach(att);
        keys.add(k); // from here another thread iterating keys() may see it, and cancel it
        try {
            k.interestOps(ops);
        } catch (CancelledKeyException e) {
            // observed and cancelled by another thread: a cancelled key is returned, as the JDK's
        } catch (RuntimeException e) {
            k.cancel();
            throw e;
        }
        if (!isOpen()) {
            keys.remove(k);
            k.cancel();
            throw new ClosedSelectorException();
        }
        return k;
    }

    /** A key's interest set changed (from any thread): the next selection re-arms its poll. */
    void interestChanged(UringSelectionKey k) {
        changed.add(k);
    }

    @Override
    public int selectNow() throws IOException {
        return lockAndSelect(null, -1);
    }

    @Override
    public int select() throws IOException {
        return lockAndSelect(null, 0);
    }

    @Override
    public int select(long timeout) throws IOException {
        if (timeout < 0) {
            throw new IllegalArgumentException("Negative timeout");
        }
        return lockAndSelect(null, timeout);
    }

    /**
     * As the JDK's: {@code action} receives each key found ready (its ready set set to what is ready
     * now), and the selected-key set is left as it is; returns how many keys were given to it.
     */
    @Override
    public int select(Consumer<SelectionKey> action, long timeout) throws IOException {
        Objects.requireNonNull(action);
        if (timeout < 0) {
            throw new IllegalArgumentException("Negative timeout");
        }
        return lockAndSelect(action, timeout);
    }

    @Override
    public int select(Consumer<SelectionKey> action) throws IOException {
        Objects.requireNonNull(action);
        return lockAndSelect(action, 0);
    }

    @Override
    public int selectNow(Consumer<SelectionKey> action) throws IOException {
        Objects.requireNonNull(action);
        return lockAndSelect(action, -1);
    }

    private boolean inSelect; // guarded by this: a selection (or its actions) under way

    /** One selection under the selector's locks; a selection from inside an action's is refused. */
    private int lockAndSelect(Consumer<SelectionKey> action, long millis) throws IOException {
        synchronized (this) {
            ensureOpen();
            if (inSelect) {
                throw new IllegalStateException("select in progress");
            }
            inSelect = true;
            try {
                synchronized (publicSelected) {
                    return doSelect(action, millis);
                }
            } catch (IOException | RuntimeException | Error e) {
                if (TRACE) {
                    e.printStackTrace();
                }
                throw e;
            } finally {
                inSelect = false;
            }
        }
    }

    /**
     * {@code millis}: -1 do not wait, 0 wait without limit, else at most that long. With an
     * {@code action}, ready keys go to it after the completions are reaped, instead of into the
     * selected set. Holds the selector's lock and its selected set's.
     */
    private int doSelect(Consumer<SelectionKey> action, long millis) throws IOException {
        this.action = action;
        actionKeys.clear();
        updated = 0;
        fired = 0;
        enters = 0;
        armed = 0;
        deregisterCancelled();
        takeChanges();
        boolean blocking = millis >= 0;
        long deadline = millis > 0 ? System.nanoTime() + millis * 1_000_000L : 0;
        try {
            if (blocking) {
                begin(); // an interrupt calls wakeup()
            }
            // A platform thread submits and waits in one io_uring_enter: a poll of a ready
            // descriptor completes during the submission, and the wait then returns at once.
            boolean waitNow = blocking && !Thread.currentThread().isVirtual() && ring.cq().ready() == 0;
            if (waitNow) {
                SelectorCounters.WAITS.increment();
            }
            armAndSubmit(waitNow, millis == 0 ? 0 : remaining(deadline));
            reap();
            // Polls that fired without a ready operation (the interest changed meanwhile)
            // are queued again: arm them before waiting, or their readiness is never seen.
            for (int i = 0; i < 3 && fired == 0 && !wakeSeen && !toArm.isEmpty(); i++) {
                armAndSubmit(false, 0);
                reap();
            }
            // As the JDK's: a ready key already in the selected set ends the selection
            // even when its ready set does not change (the count is then 0).
            // A wait may also end with nothing for this selection (a signal, a stale or a
            // removal's completion): wait again until a key, a wakeup or the deadline.
            while (fired == 0 && blocking && !Thread.currentThread().isInterrupted()) {
                if (wakeSeen) {
                    if (!internalWakeOnly()) {
                        break; // wakeup(): the selection ends
                    }
                    // a registered channel's socket was made: arm its poll and go on waiting
                    takeChanges();
                    armAndSubmit(false, 0);
                    reap();
                    continue;
                }
                long nanos = millis == 0 ? 0 : remaining(deadline);
                if (nanos < 0) {
                    break;
                }
                SelectorCounters.WAITS.increment();
                await(nanos);
                reap();
            }
        } finally {
            if (blocking) {
                end();
            }
        }
        deregisterCancelled();
        clearWakeup();
        this.action = null;
        if (action != null) {
            updated = runActions(action);
        }
        SelectorCounters.SELECTIONS.increment();
        SelectorCounters.ENTERS.add(enters);
        SelectorCounters.POLLS_ARMED.add(armed);
        SelectorCounters.POLLS_FIRED.add(fired);
        if (TRACE) {
            System.err.println(this.hashCode() + " select(" + millis + ") = " + updated + " toArm " + toArm.size()
                    + " selected " + selected.size());
        }
        return updated;
    }


    private boolean wakeSeen;   // selecting thread: the eventfd's poll fired in this selection

    /** Nanoseconds left until {@code deadline}, at least 1 while any are; -1 once it has passed. */
    private static long remaining(long deadline) {
        long left = deadline - System.nanoTime();
        return left > 0 ? left : -1;
    }

    /** Waits for a completion, at most {@code nanos} (0: without limit). */
    private void await(long nanos) throws IOException {
        if (Thread.currentThread().isVirtual()) {
            if (ring.cq().ready() > 0) {
                return;
            }
            try {
                Blocking.poll(ringHandle, NonBlocking.POLLIN, nanos, Style.SOCKET, "Select");
            } catch (SocketTimeoutException e) {
                // the timeout: nothing selected
            }
            enter(0, 0); // run the ring's task work, so that its completions are posted
        } else {
            enter(1, nanos);
        }
    }

    /** Moves keys whose interest changed onto the arming queue, removing polls armed for the old set. */
    private void takeChanges() {
        for (UringSelectionKey k; (k = changed.poll()) != null; ) {
            if (!k.isValid()) {
                continue;
            }
            if (k.armedEvents != 0 && k.armedEvents != pollEvents(k)) {
                remove(k);
            }
            queueArm(k);
        }
    }

    private static int pollEvents(UringSelectionKey k) {
        return ((SelChannel) k.channel()).pollEvents(k.interest());
    }

    private void queueArm(UringSelectionKey k) {
        if (!k.toArm) {
            k.toArm = true;
            toArm.add(k);
        }
    }

    /** Submits a POLL_REMOVE of {@code k}'s armed poll; its completions will be stale (generation moved on). */
    private void remove(UringSelectionKey k) {
        Sqe sqe = nextSqe();
        sqe.prepRw(Opcode.POLL_REMOVE, -1, userData(k), 0, 0).userData(REMOVE_UD);
        k.armedEvents = 0;
        k.gen++;
    }

    private static long userData(UringSelectionKey k) {
        return ((long) k.gen << 32) | (k.id + 1L);
    }

    private Sqe nextSqe() {
        Sqe sqe = ring.sq().next();
        while (sqe == null) {
            enter(0, 0);
            sqe = ring.sq().next();
        }
        return sqe.clear();
    }

    /**
     * Arms the queued keys' polls and the wakeup's, submits them with one {@code io_uring_enter}
     * (which also waits for a completion, at most {@code waitNanos} — 0: without limit — when
     * {@code wait}), and leaves every descriptor it entered only after the kernel has taken the SQEs (so that a
     * concurrent close cannot give the number to another file in between).
     */
    private void armAndSubmit(boolean wait, long waitNanos) {
        int n = toArm.size();
        for (int i = 0; i < n; i++) {
            UringSelectionKey k = toArm.poll();
            k.toArm = false;
            if (!k.isValid() || k.armedEvents != 0) {
                continue;
            }
            int events = pollEvents(k);
            if (events == 0) {
                continue;
            }
            NonBlockingMode m = ((SelChannel) k.channel()).mode();
            if (m == null) {
                // no socket yet (unbound): as the JDK's poll of its unbound socket; armed once bound
                queueArm(k);
                int unbound = ((SelChannel) k.channel()).eventsBeforeSocket();
                if (unbound != 0) {
                    markReady(k, ((SelChannel) k.channel()).readyOps(unbound, k.interest()));
                }
                continue;
            }
            FdHandle h = m.fdHandle();
            if (!h.begin()) {
                continue; // closing: the key is cancelled with the channel
            }
            entered.add(h);
            nextSqe().prepRw(Opcode.POLL_ADD, h.fd(), 0, 0, 0).opFlags(events).userData(userData(k));
            if (TRACE) {
                System.err.println(this.hashCode() + " arm fd=" + h.fd() + " ev=" + events + " ud=" + Long.toHexString(userData(k)));
            }
            k.armedEvents = events;
            armed++;
        }
        if (!wakeArmed) {
            nextSqe().prepRw(Opcode.POLL_ADD, eventFd, 0, 0, 0).opFlags(NonBlocking.POLLIN).userData(WAKE_UD);
            wakeArmed = true;
        }
        try {
            if (wait && waitNanos >= 0) {
                enter(1, waitNanos);
            } else {
                enter(0, 0);
            }
        } finally {
            for (FdHandle h : entered) {
                h.end();
            }
            entered.clear();
        }
    }

    /** Handles the completions that are there; returns how many. */
    private int reap() {
        wakeSeen = false;
        return ring.cq().reap(this::completion);
    }

    private static final boolean TRACE = Boolean.getBoolean("loomuring.selector.trace");

    private void completion(long ud, int res, int flags) {
        if (TRACE) {
            System.err.println(this.hashCode() + " cqe ud=" + Long.toHexString(ud) + " res=" + res);
        }
        if (ud == WAKE_UD) {
            wakeArmed = false;
            wakeSeen = true;
            return;
        }
        if (ud == REMOVE_UD) {
            return;
        }
        int id = (int) (ud & 0xffff_ffffL) - 1;
        UringSelectionKey k;
        synchronized (slots) {
            k = id < slots.size() ? slots.get(id) : null;
        }
        if (k == null || (int) (ud >>> 32) != k.gen) {
            return; // a poll removed or cancelled since: stale
        }
        k.armedEvents = 0;
        if (!k.isValid()) {
            return;
        }
        queueArm(k); // level-triggered: armed again at the next selection
        if (res <= 0) {
            return; // cancelled (channel closed) or the descriptor went away
        }
        markReady(k, ((SelChannel) k.channel()).readyOps(res, k.interest()));
    }

    private Consumer<SelectionKey> action;                                     // selecting thread: this selection's, or null
    private final LinkedHashMap<UringSelectionKey, Integer> actionKeys = new LinkedHashMap<>(); // selecting thread

    /** Gives each key found ready to {@code action}, its ready set set to what was found; returns how many. */
    private int runActions(Consumer<SelectionKey> action) {
        int n = 0;
        for (Map.Entry<UringSelectionKey, Integer> e : actionKeys.entrySet()) {
            UringSelectionKey k = e.getKey();
            if (!k.isValid()) {
                continue;
            }
            k.ready(e.getValue());
            action.accept(k);
            ensureOpen();
            n++;
        }
        actionKeys.clear();
        return n;
    }

    /**
     * {@code ops} found ready for {@code k} in this selection: into its ready set and the selected
     * set, or kept for the selection's action.
     */
    private void markReady(UringSelectionKey k, int ops) {
        if (ops == 0) {
            return;
        }
        fired++;
        if (action != null) {
            actionKeys.merge(k, ops, (a, b) -> a | b);
            return;
        }
        if (selected.contains(k)) {
            int before = k.ready();
            k.ready(before | ops);
            if ((before | ops) != before) {
                updated++;
            }
        } else {
            k.ready(ops);
            selected.add(k);
            updated++;
        }
    }

    /** Deregisters the cancelled keys: their polls removed, their slots freed, the channels told. */
    private void deregisterCancelled() {
        Set<SelectionKey> cancelled = cancelledKeys();
        synchronized (cancelled) {
            if (cancelled.isEmpty()) {
                return;
            }
            for (SelectionKey sk : cancelled) {
                UringSelectionKey k = (UringSelectionKey) sk;
                if (k.armedEvents != 0) {
                    remove(k);
                }
                k.gen++;
                keys.remove(k);
                selected.remove(k);
                synchronized (slots) {
                    slots.set(k.id, null);
                    freeSlots.add(k.id);
                }
                deregister(k);
            }
            cancelled.clear();
        }
        enter(0, 0); // submit the removals now: each holds the file until it is gone
    }

    /** {@link Ring#enter}, counted. */
    private void enter(int minComplete, long timeoutNanos) {
        enters++;
        ring.enter(minComplete, timeoutNanos);
    }

    private void clearWakeup() {
        synchronized (wakeLock) {
            if (wakePending || internalPending) {
                LibC.read(st, eventFd, drain, 8);
                wakePending = false;
                internalPending = false; // its key is in the change queue: the next selection arms it
            }
        }
    }

    /** Whether the eventfd fired only for a socket made (no wakeup() pending); if so, drains it. */
    private boolean internalWakeOnly() {
        synchronized (wakeLock) {
            if (wakePending || !internalPending) {
                return false;
            }
            LibC.read(st, eventFd, drain, 8);
            internalPending = false;
            wakeSeen = false;
            return true;
        }
    }

    /**
     * A registered channel's socket now exists (a server or datagram channel bound after it was
     * registered): its keys, in every open selector, are armed by the selection in progress — which
     * is woken for that and goes on waiting — or by the next one.
     */
    static void socketMade(java.nio.channels.SelectableChannel ch) {
        for (UringSelector s : OPEN) {
            for (SelectionKey k : s.keys) {
                if (k.channel() == ch && k.isValid()) {
                    s.changed.add((UringSelectionKey) k);
                    synchronized (s.wakeLock) {
                        if (!s.wakePending && !s.internalPending && !s.eventFdClosed) {
                            s.internalPending = true;
                            Syscalls.eventfdWrite(s.eventFd, 1);
                        }
                    }
                }
            }
        }
    }

    @Override
    public Selector wakeup() {
        synchronized (wakeLock) {
            if (!wakePending && !eventFdClosed) {
                wakePending = true;
                Syscalls.eventfdWrite(eventFd, 1);
                SelectorCounters.WAKEUPS.increment();
            }
        }
        return this;
    }

    @Override
    protected void implCloseSelector() throws IOException {
        OPEN.remove(this);
        wakeup();
        synchronized (this) {
            synchronized (publicSelected) {
                for (SelectionKey k : List.copyOf(keys)) {
                    k.cancel();
                }
                deregisterCancelled();
                selected.clear();
                syncCancel(-1, CancelFlags.ANY);
                ring.close(); // the kernel ends what is left of the polls with the ring
                synchronized (wakeLock) { // a wakeup() in flight must not write to a reused number
                    eventFdClosed = true;
                    LibC.close(st, eventFd);
                }
                arena.close();
            }
        }
    }

    /**
     * Cancels every poll on {@code h}'s descriptor in every open selector, synchronously, before
     * the descriptor is closed: an armed poll holds the file, and the connection would stay open.
     */
    static void cancelPolls(FdHandle h) {
        if (!h.begin()) {
            return;
        }
        try {
            for (UringSelector s : OPEN) {
                s.syncCancel(h.fd(), CancelFlags.FD | CancelFlags.ALL);
            }
        } finally {
            h.end();
        }
    }

    /** {@code IORING_REGISTER_SYNC_CANCEL} on this ring: by {@code fd}, or everything with {@code ANY}. */
    private void syncCancel(int fd, int flags) {
        try (Arena a = Arena.ofConfined()) {
            // struct io_uring_sync_cancel_reg { u64 addr; s32 fd; u32 flags; timespec timeout; u8 opcode; ... } (64 bytes)
            MemorySegment reg = a.allocate(64, 8);
            reg.set(JAVA_INT, 8, fd);
            reg.set(JAVA_INT, 12, flags);
            reg.set(JAVA_LONG, 16, -1L);
            reg.set(JAVA_LONG, 24, -1L);
            Syscalls.ioUringRegister(new CallState(a), ring.fd(), RegisterOp.REGISTER_SYNC_CANCEL, reg, 1);
        } catch (RuntimeException e) {
            // a ring closing concurrently: its polls end with it
        }
    }

    /** The selected-key set as the JDK's: keys may be removed, never added. */
    private static final class Ungrowable extends AbstractSet<SelectionKey> {
        private final Set<SelectionKey> s;

        Ungrowable(Set<SelectionKey> s) {
            this.s = s;
        }

        @Override
        public Iterator<SelectionKey> iterator() {
            return s.iterator();
        }

        @Override
        public int size() {
            return s.size();
        }

        @Override
        public boolean contains(Object o) {
            return s.contains(o);
        }

        @Override
        public boolean remove(Object o) {
            return s.remove(o);
        }

        @Override
        public void clear() {
            s.clear();
        }

        @Override
        public boolean add(SelectionKey k) {
            throw new UnsupportedOperationException();
        }
    }
}

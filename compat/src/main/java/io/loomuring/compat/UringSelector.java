package io.loomuring.compat;

import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.loomuring.spi.Descriptor;
import io.loomuring.spi.NonBlockingMode;
import io.loomuring.spi.SelectorRing;

/**
 * A {@link Selector} whose readiness comes from its own io_uring ring: each registered key with a
 * non-empty interest set is one one-shot {@code IORING_OP_POLL_ADD}; a selection submits the polls
 * that need arming and waits for completions in one {@code io_uring_enter}. A poll that fired is
 * armed again at the next selection, and a descriptor still ready completes it at once: the
 * level-triggered readiness of the JDK's selectors. Interest changes take effect at the next
 * selection (the old poll removed, a new one); cancelled keys are deregistered there.
 * {@link #wakeup()} signals the ring's eventfd, whose read sits in the ring. The ring is a
 * {@link SelectorRing}: the same ring owner as every other loom-uring ring.
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
    private final SelectorRing ring;
    private final Set<SelectionKey> keys = ConcurrentHashMap.newKeySet();
    private final Set<SelectionKey> publicKeys = Collections.unmodifiableSet(keys);
    private final Set<SelectionKey> selected = new HashSet<>();
    private final Set<SelectionKey> publicSelected = new Ungrowable(selected);
    private final ConcurrentLinkedQueue<UringSelectionKey> changed = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<UringSelectionKey> toArm = new ArrayDeque<>();  // selecting thread
    private final ArrayList<Descriptor> entered = new ArrayList<>();             // selecting thread
    private final Object wakeLock = new Object();
    private boolean wakePending;                // guarded by wakeLock
    private boolean ringClosed;                 // guarded by wakeLock: a wakeup racing close signals nothing
    private boolean internalPending;            // guarded by wakeLock: signalled for a socket made, not by wakeup()
    private boolean internalSignalled;          // guarded by wakeLock: such a signal was written since the last clearWakeup
    private final AtomicInteger signalling = new AtomicInteger(); // wakeup()s between taking the pending flag and writing
    private boolean wakeSeen;                   // selecting thread: the wake-up fired in this selection
    private int updated;                        // selecting thread: keys updated in this selection
    private int fired;                          // selecting thread: keys found ready in this selection
    private int armed;                          // selecting thread: polls armed in this selection

    UringSelector(SelectorProvider provider) throws IOException {
        super(provider);
        this.ring = SelectorRing.open("loom-uring-selector", this::completion);
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
        UringSelectionKey k = new UringSelectionKey(ch, this);
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
        wakeSeen = false;
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
            boolean waitNow = blocking && !Thread.currentThread().isVirtual() && !ring.completionsReady();
            if (waitNow) {
                SelectorCounters.WAITS.increment();
            }
            armAndSubmit(waitNow, millis == 0 ? 0 : remaining(deadline));
            // Polls that fired without a ready operation (the interest changed meanwhile)
            // are queued again: arm them before waiting, or their readiness is never seen.
            for (int i = 0; i < 3 && fired == 0 && !wakeSeen && !toArm.isEmpty(); i++) {
                armAndSubmit(false, 0);
            }
            // As the JDK's: a ready key already in the selected set ends the selection
            // even when its ready set does not change (the count is then 0).
            // A wait may also end with nothing for this selection (a signal, a removal's
            // completion): wait again until a key, a wakeup or the deadline.
            while (fired == 0 && blocking && !Thread.currentThread().isInterrupted()) {
                if (wakeSeen) {
                    if (!internalWakeOnly()) {
                        break; // wakeup(): the selection ends
                    }
                    // a registered channel's socket was made: arm its poll and go on waiting
                    takeChanges();
                    armAndSubmit(false, 0);
                    continue;
                }
                long nanos = millis == 0 ? 0 : remaining(deadline);
                if (nanos < 0) {
                    break;
                }
                SelectorCounters.WAITS.increment();
                await(nanos);
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
        return updated;
    }

    /** Nanoseconds left until {@code deadline}, at least 1 while any are; -1 once it has passed. */
    private static long remaining(long deadline) {
        long left = deadline - System.nanoTime();
        return left > 0 ? left : -1;
    }

    /** Waits for a completion, at most {@code nanos} (0: without limit), and handles what came. */
    private void await(long nanos) throws IOException {
        enters++;
        if (Thread.currentThread().isVirtual()) {
            ring.awaitCompletions(nanos); // parks on a poll of the ring fd in the thread's own ring
        } else {
            ring.submitAndReap(true, nanos);
        }
        wakeSeen |= ring.takeWake();
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

    /** Removes {@code k}'s armed poll; its completion, when it comes, no longer names the key's poll. */
    private void remove(UringSelectionKey k) {
        ring.remove(k.armed);
        k.armed = null;
        k.armedEvents = 0;
    }

    /**
     * Arms the queued keys' polls (and the wake-up, if it is not), submits them with one
     * {@code io_uring_enter} — which also waits for a completion, at most {@code waitNanos} (0:
     * without limit), when {@code wait} — handles the completions, and leaves every descriptor it
     * entered only after the kernel has taken the SQEs (so that a concurrent close cannot give the
     * number to another file in between).
     */
    private void armAndSubmit(boolean wait, long waitNanos) throws IOException {
        int n = toArm.size();
        try {
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
                Descriptor d = m.descriptor();
                if (!d.begin()) {
                    continue; // closing: the key is cancelled with the channel
                }
                entered.add(d);
                k.armed = ring.arm(d.fd(), events, k);
                k.armedEvents = events;
                armed++;
            }
            enters++;
            ring.submitAndReap(wait && waitNanos >= 0, Math.max(0, waitNanos));
            wakeSeen |= ring.takeWake();
        } finally {
            for (int i = 0, m = entered.size(); i < m; i++) {
                entered.get(i).end();
            }
            entered.clear();
        }
    }

    /** A key's poll completed (the ring calls this while the selecting thread reaps). */
    private void completion(Object key, Object poll, int res) {
        UringSelectionKey k = (UringSelectionKey) key;
        if (k.armed != poll) {
            return; // a poll removed since (interest changed, key cancelled): its readiness is stale
        }
        k.armed = null;
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

    /** Deregisters the cancelled keys: their polls removed, the channels told. */
    private void deregisterCancelled() throws IOException {
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
                keys.remove(k);
                selected.remove(k);
                deregister(k);
            }
            cancelled.clear();
        }
        enters++;
        ring.submitAndReap(false, 0); // submit the removals now: each holds the file until it is gone
        wakeSeen |= ring.takeWake();
    }

    private int enters; // selecting thread: io_uring_enter calls in this selection

    /**
     * Consumes a wake-up signalled during this selection, so that the next one does not end at
     * once. When the ring's eventfd read completed in this selection and {@code wakeup()} wrote the
     * only signal since the last selection, that read took the count: nothing more to do (the
     * next selection arms the read again). Otherwise one more enter, in which the read (armed
     * again if it completed) takes the count. An internal wake-up's key is in the change queue:
     * the next selection arms it.
     */
    private void clearWakeup() {
        synchronized (wakeLock) {
            if (wakePending || internalPending) {
                if (!wakeSeen || internalSignalled) {
                    awaitSignalWritten();
                    enters++;
                    ring.submitAndReap(false, 0);
                    boolean took = ring.takeWake();
                    if (!wakeSeen && !took) {
                        awaitWakeRead();
                    }
                }
                wakePending = false;
                internalPending = false;
            }
            internalSignalled = false;
        }
    }

    /**
     * The eventfd holds a signal this selection has not seen, and only the armed read can take it:
     * its completion will come, but late when another thread submitted that read (the completion
     * is that thread's task work, or a kernel worker's a tick later once the thread has exited).
     * Waits for it — at most {@link #WAKE_READ_WAIT_NANOS}, so a ring that failed cannot hang the
     * selection — or the next selection would end at once. Selecting thread, under the wake lock.
     */
    private void awaitWakeRead() {
        long deadline = System.nanoTime() + WAKE_READ_WAIT_NANOS;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            enters++;
            ring.submitAndReap(true, Math.min(left, 1_000_000L));
            if (ring.takeWake()) {
                return;
            }
        }
    }

    private static final long WAKE_READ_WAIT_NANOS = 100_000_000L;

    /** Whether the wake-up fired only for a socket made (no wakeup() pending); if so, clears it. */
    private boolean internalWakeOnly() {
        synchronized (wakeLock) {
            if (wakePending || !internalPending) {
                return false;
            }
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
                        if (!s.wakePending && !s.internalPending && !s.ringClosed) {
                            s.internalPending = true;
                            s.internalSignalled = true;
                            s.ring.signal();
                        }
                    }
                }
            }
        }
    }

    /**
     * Wakes the selection in progress, or makes the next one return at once. The eventfd is
     * written after the wake lock is released: the write wakes the selecting thread, which would
     * otherwise find the lock still held by this one (on a busy CPU it runs first) and block on it —
     * a context switch and a futex wake-up per woken selection (the JDK's selector pays them).
     */
    @Override
    public Selector wakeup() {
        synchronized (wakeLock) {
            if (wakePending || ringClosed) {
                return this;
            }
            wakePending = true;
            signalling.incrementAndGet();
        }
        try {
            ring.signal(); // close-safe: the ring's eventfd is closed only with no signaller inside
        } finally {
            signalling.decrementAndGet();
        }
        SelectorCounters.WAKEUPS.increment();
        return this;
    }

    /**
     * Before the selection consumes a wake-up it has not seen: waits until every {@code wakeup()}
     * that took the pending flag has written the eventfd (a few instructions and one system call
     * away), so that the count it drains is all there is. Selecting thread, under the wake lock.
     */
    private void awaitSignalWritten() {
        for (int spins = 0; signalling.get() != 0; spins++) {
            if (spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
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
                synchronized (wakeLock) {
                    ringClosed = true;
                }
                ring.close(); // the polls left are cancelled and drained with it
            }
        }
    }

    /**
     * Cancels every poll of {@code d}'s descriptor in every open selector, synchronously, before
     * the descriptor is closed: an armed poll holds the file, and the connection would stay open.
     */
    static void cancelPolls(Descriptor d) {
        if (!d.begin()) {
            return;
        }
        try {
            for (UringSelector s : OPEN) {
                s.ring.cancelPolls(d.fd());
            }
        } finally {
            d.end();
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

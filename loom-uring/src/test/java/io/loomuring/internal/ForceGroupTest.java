package io.loomuring.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The group-commit protocol with a sync that records when each sync starts and ends: every force
 * returns only after a sync that started after it was called has ended, many forces share syncs,
 * and a round's failure reaches every member.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ForceGroupTest {
    /** Syncs numbered by start; the highest number ended so far. */
    static final class RecordingSync implements ForceGroup.Sync {
        final AtomicLong started = new AtomicLong();
        final AtomicLong ended = new AtomicLong();
        final AtomicInteger running = new AtomicInteger();
        final ConcurrentLinkedQueue<String> faults = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Boolean> metaData = new ConcurrentLinkedQueue<>();
        volatile int result;

        @Override
        public int sync(boolean meta) {
            if (running.incrementAndGet() != 1) {
                faults.add("two syncs at once");
            }
            long n = started.incrementAndGet();
            metaData.add(meta);
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(50_000, 500_000));
            ended.accumulateAndGet(n, Math::max);
            running.decrementAndGet();
            return result;
        }
    }

    @Test
    void everyForceWaitsForASyncThatStartedAfterItAndForcesShareSyncs() throws Exception {
        ForceGroup group = new ForceGroup();
        RecordingSync sync = new RecordingSync();
        ConcurrentLinkedQueue<String> faults = sync.faults;
        int threads = 32, each = 40;
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < each; i++) {
                    long before = sync.started.get();   // any sync numbered higher starts after this
                    try {
                        int r = group.force(false, sync);
                        if (r != 0) {
                            faults.add("result " + r);
                        }
                    } catch (IOException e) {
                        faults.add(e.toString());
                    }
                    if (sync.ended.get() <= before) {
                        faults.add("returned before a sync that started after the call ended");
                    }
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        assertTrue(faults.isEmpty(), () -> faults.size() + " faults, the first: " + faults.peek());
        long syncs = sync.started.get();
        assertTrue(syncs < threads * each / 4, "32 threads forcing at once share syncs: " + syncs + " syncs");
    }

    @Test
    void aRoundSyncsMetadataWhenAnyMemberAsks() throws Exception {
        ForceGroup group = new ForceGroup();
        RecordingSync sync = new RecordingSync();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            boolean meta = t == 7;
            all.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 20; i++) {
                    long before = sync.started.get();
                    try {
                        group.force(meta, sync);
                    } catch (IOException e) {
                        sync.faults.add(e.toString());
                    }
                    // the metadata flags of the syncs numbered above 'before' that had ended
                    if (meta && !metaSyncAfter(sync, before)) {
                        sync.faults.add("a metadata force returned without an fsync");
                    }
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        assertTrue(sync.faults.isEmpty(), () -> sync.faults.size() + " faults, the first: " + sync.faults.peek());
        assertTrue(sync.metaData.contains(false), "the others' rounds stay fdatasync");
    }

    private static boolean metaSyncAfter(RecordingSync sync, long before) {
        List<Boolean> flags = new ArrayList<>(sync.metaData);
        for (int i = (int) before; i < flags.size() && i < sync.ended.get(); i++) {
            if (flags.get(i)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aFailedSyncIsEveryMembersResultAndALeaderThatThrowsLeavesThemToRetry() throws Exception {
        ForceGroup group = new ForceGroup();
        RecordingSync sync = new RecordingSync();
        sync.result = -5;   // EIO
        ConcurrentLinkedQueue<Integer> results = new ConcurrentLinkedQueue<>();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            all.add(Thread.ofVirtual().start(() -> {
                try {
                    results.add(group.force(false, sync));
                } catch (IOException e) {
                    sync.faults.add(e.toString());
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        assertEquals(List.of(-5, -5, -5, -5, -5, -5, -5, -5), List.copyOf(results));

        ForceGroup thrower = new ForceGroup();
        AtomicInteger calls = new AtomicInteger();
        ConcurrentLinkedQueue<Object> outcomes = new ConcurrentLinkedQueue<>();
        ForceGroup.Sync throwing = meta -> {
            calls.incrementAndGet();
            LockSupport.parkNanos(20_000_000);
            throw new java.nio.channels.AsynchronousCloseException();
        };
        all.clear();
        for (int t = 0; t < 8; t++) {
            all.add(Thread.ofVirtual().start(() -> {
                try {
                    outcomes.add(thrower.force(false, throwing));
                } catch (IOException e) {
                    outcomes.add(e.getClass().getSimpleName());
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        // each leader threw; its members got RETRY; every round had a leader (nobody hangs)
        long thrown = outcomes.stream().filter("AsynchronousCloseException"::equals).count();
        long retry = outcomes.stream().filter(o -> o.equals(ForceGroup.RETRY)).count();
        assertEquals(calls.get(), thrown, outcomes::toString);
        assertEquals(8, thrown + retry, outcomes::toString);
    }
}

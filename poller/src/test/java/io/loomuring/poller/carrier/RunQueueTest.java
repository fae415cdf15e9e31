package io.loomuring.poller.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/**
 * The run queue from one thread (order through the array, its laps and the overflow, and the size
 * the carriers read), and from many (each continuation taken exactly once). The interleavings are
 * the jcstress tests' (Carrier_06, Carrier_07).
 */
class RunQueueTest {
    private static Runnable task(List<Integer> ran, int i) {
        return () -> ran.add(i);
    }

    @Test
    void firstInFirstOutThroughTheOverflowAndBack() {
        RunQueue q = new RunQueue(4);
        List<Integer> ran = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < 3; round++) { // laps of the array, each spilling 6 into the overflow
            for (int i = 0; i < 10; i++) {
                q.offer(task(ran, next++));
            }
            assertEquals(5, q.size(), "four in the array, plus one for a non-empty overflow");
            q.poll().run();
            q.offer(task(ran, next++)); // the overflow is not empty: this goes behind it, not into the array
            Runnable r;
            while ((r = q.poll()) != null) {
                r.run();
            }
            assertTrue(q.isEmpty());
            assertEquals(0, q.size());
        }
        for (int i = 0; i < next; i++) {
            assertEquals(i, ran.get(i), "taken in the order pushed");
        }
    }

    @Test
    void emptyAnswersNullAndCapacityMustBeAPowerOfTwo() {
        assertNull(new RunQueue(2).poll());
        assertThrows(IllegalArgumentException.class, () -> new RunQueue(3));
        assertThrows(IllegalArgumentException.class, () -> new RunQueue(1));
    }

    @Test
    void manyProducersAndConsumersTakeEachExactlyOnce() throws Exception {
        RunQueue q = new RunQueue(64);
        int producers = 4, each = 50_000;
        ConcurrentLinkedQueue<Integer> taken = new ConcurrentLinkedQueue<>();
        CountDownLatch pushed = new CountDownLatch(producers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * each;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    int v = base + i;
                    q.offer(() -> taken.add(v));
                }
                pushed.countDown();
            }));
        }
        for (int c = 0; c < 3; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (pushed.getCount() > 0 || !q.isEmpty()) {
                    Runnable r = q.poll();
                    if (r != null) {
                        r.run();
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(producers * each, taken.size());
        assertEquals(producers * each, taken.stream().distinct().count(), "none taken twice");
        assertEquals(0, q.size());
    }
}

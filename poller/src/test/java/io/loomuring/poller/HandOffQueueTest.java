package io.loomuring.poller;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.loomuring.poller.ring.Sqe;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandOffQueueTest {

    static final class Tagged extends Operation {
        final int producer;
        final int seq;

        Tagged(int producer, int seq) {
            this.producer = producer;
            this.seq = seq;
        }

        @Override
        protected void prepare(Sqe sqe) {
        }
    }

    @Test
    void drainReturnsPushOrderAndCloseRefusesLaterPushes() {
        HandOffQueue q = new HandOffQueue();
        assertTrue(q.isEmpty());
        for (int i = 0; i < 5; i++) {
            assertTrue(q.push(new Tagged(0, i)));
        }
        List<Integer> order = new ArrayList<>();
        for (Operation op = q.drain(); op != null; op = HandOffQueue.unlink(op)) {
            order.add(((Tagged) op).seq);
        }
        assertEquals(List.of(0, 1, 2, 3, 4), order);
        assertNull(q.drain());
        q.push(new Tagged(0, 9));
        Operation rest = q.close();
        assertEquals(9, ((Tagged) rest).seq);
        assertFalse(q.push(new Tagged(0, 10)), "closed");
        assertTrue(q.isEmpty());
        assertNull(q.close());
    }

    @Test
    void concurrentProducersLoseNothingAndKeepTheirOwnOrder() throws Exception {
        int producers = 8;
        int each = 50_000;
        HandOffQueue q = new HandOffQueue();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                for (int i = 0; i < each; i++) {
                    q.push(new Tagged(id, i));
                }
            }));
        }
        go.countDown();
        int[] next = new int[producers];
        int total = 0;
        while (total < producers * each) {
            for (Operation op = q.drain(); op != null; op = HandOffQueue.unlink(op)) {
                Tagged t = (Tagged) op;
                assertEquals(next[t.producer], t.seq, "per-producer order");
                next[t.producer]++;
                total++;
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        assertNull(q.drain());
        assertEquals(producers * each, total);
    }
}

package io.loomuring.poller.carrier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The claim's rules: one holder; a call back from under the claim (a CQE handler cancelling or
 * re-arming on the same carrier) does not wait for itself — it was a hang of the HTTP sample
 * under hostile clients, a pinned waiter's pump reaping a multishot accept that cancelled itself.
 */
class CqClaimTest {
    @Test
    void theHolderTakingAgainDoesNotWaitAndDoesNotGiveItUp() throws Exception {
        CqClaim claim = new CqClaim();
        assertTrue(claim.take());
        assertFalse(claim.take(), "the holder's second take: already held");
        assertTrue(claim.isHeld(), "still held after the nested take");
        assertFalse(CompletableFuture.supplyAsync(claim::tryTake).get(10, TimeUnit.SECONDS), "another thread cannot take it");
        claim.give();
        assertTrue(CompletableFuture.supplyAsync(() -> {
            boolean t = claim.tryTake();
            claim.give();
            return t;
        }).get(10, TimeUnit.SECONDS), "free again once given");
    }

    @Test
    void aVirtualThreadHoldingItFromAnyCarrierIsTheHolder() throws Exception {
        CqClaim claim = new CqClaim();
        boolean[] nested = new boolean[2];
        Thread.ofVirtual().start(() -> {
            nested[0] = claim.take();
            Thread.yield(); // may come back on another carrier thread: still the holder
            nested[1] = claim.take();
            claim.give();
        }).join();
        assertTrue(nested[0]);
        assertFalse(nested[1], "the same virtual thread, after a yield: no self-wait");
        assertFalse(claim.isHeld());
    }
}

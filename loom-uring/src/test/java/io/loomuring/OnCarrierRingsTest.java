package io.loomuring;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.loomuring.poller.carrier.CarrierScheduler;

/**
 * Proves the third way is real: in the {@code carrier-rings} surefire execution this test runs on a
 * carrier ring (the extension was found and ran it there); in the plain execution it does not.
 */
class OnCarrierRingsTest {
    @Test
    void theCarrierRingsExecutionRunsTestsOnACarrierRing() {
        if (OnCarrierRings.active()) {
            assertNotNull(CarrierScheduler.currentRing(), "the carrier-rings execution runs each test on a carrier ring");
        } else {
            assertNull(CarrierScheduler.currentRing(), "plain executions run tests on the JUnit thread");
        }
    }
}

package io.loomuring.compat;


import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.loomuring.poller.carrier.CarrierScheduler;

/**
 * Proves the third way is real for compat's suites (the extension, {@code io.loomuring.OnCarrierRings},
 * comes from loom-uring's test jar at run time): in the {@code carrier-rings} surefire execution this test runs on a
 * carrier ring (the extension was found and ran it there); in the plain execution it does not.
 */
class CompatOnCarrierRingsTest {
    @Test
    void theCarrierRingsExecutionRunsTestsOnACarrierRing() {
        if ("carrier".equals(System.getProperty("loomuring.test.scheduler"))) {
            assertNotNull(CarrierScheduler.currentRing(), "the carrier-rings execution runs each test on a carrier ring");
        } else {
            assertNull(CarrierScheduler.currentRing(), "plain executions run tests on the JUnit thread");
        }
    }
}

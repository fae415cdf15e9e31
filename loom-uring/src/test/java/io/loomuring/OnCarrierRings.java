package io.loomuring;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The third way of the backend-parametrized suites: with {@code -Dloomuring.test.scheduler=carrier}
 * each test method runs on a carrier-ring virtual thread ({@link LoomUring#carrierThreads()}), so
 * its own calls, and those of the virtual threads it starts (they inherit the scheduler), go into
 * the carriers' rings. The build's {@code carrier-rings} surefire execution turns it on (it is
 * found through {@code META-INF/services} with JUnit's extension autodetection); without the
 * property it does nothing. Without carrier rings the tests are skipped with the reason.
 */
public final class OnCarrierRings implements InvocationInterceptor {
    public static boolean active() {
        return "carrier".equals(System.getProperty("loomuring.test.scheduler"));
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        run(invocation);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        run(invocation);
    }

    private static void run(Invocation<Void> invocation) throws Throwable {
        if (!active()) {
            invocation.proceed();
            return;
        }
        assumeTrue(LoomUring.carrierScheduler() != null, () -> "carrier rings unavailable: " + LoomUring.carrierRingsUnavailable());
        Throwable[] thrown = new Throwable[1];
        Thread t = LoomUring.carrierThreads().name("test-on-carrier-rings").start(() -> {
            if (io.loomuring.poller.carrier.CarrierScheduler.currentRing() == null) {
                thrown[0] = new AssertionError("the test thread is not on a carrier ring");
                return;
            }
            try {
                invocation.proceed();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });
        t.join();
        if (thrown[0] != null) {
            throw thrown[0];
        }
    }
}

package io.loomuring.poller.carrier;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;

/**
 * The one place that reaches into the JDK: JDK 25 has no public API for a virtual-thread scheduler,
 * so carrier rings use the two package-private members that custom Loom schedulers use today —
 * {@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)}, which makes virtual threads that
 * run on any {@link Executor}, and {@code Thread.currentCarrierThread()}. Both need
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (the jars' manifests carry
 * {@code Add-Opens: java.base/java.lang} for {@code java -jar} and agents). Without it
 * {@link #available()} is false and {@link #reason()} names the flag.
 *
 * <p>Threads: any.
 */
public final class CarrierDoor {
    private CarrierDoor() {}

    /** The flag that opens the door. */
    public static final String FLAG = "--add-opens java.base/java.lang=ALL-UNNAMED";

    private static final MethodHandle BUILDER;         // (Executor) -> Thread.Builder.OfVirtual
    private static final MethodHandle CURRENT_CARRIER; // () -> Thread
    private static final String REASON;

    static {
        MethodHandle b = null, c = null;
        String reason = null;
        try {
            Class<?> vtb = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(vtb, MethodHandles.lookup());
            b = l.findConstructor(vtb, MethodType.methodType(void.class, Executor.class))
                    .asType(MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
            MethodHandles.Lookup t = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            c = t.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (IllegalAccessException e) {
            reason = "carrier rings need " + FLAG + " (" + e.getMessage() + ")";
        } catch (ReflectiveOperationException | RuntimeException e) {
            reason = "carrier rings: this JDK (" + Runtime.version() + ") has no custom-scheduler door: " + e;
        }
        BUILDER = b;
        CURRENT_CARRIER = c;
        REASON = reason;
    }

    /** Whether virtual threads can be given this library's scheduler in this JVM. */
    public static boolean available() {
        return REASON == null;
    }

    /** Why {@link #available()} is false (names the flag), or null. */
    public static String reason() {
        return REASON;
    }

    /** A virtual-thread builder whose threads run on {@code scheduler}. Needs {@link #available()}. */
    static Thread.Builder.OfVirtual builder(Executor scheduler) {
        try {
            return (Thread.Builder.OfVirtual) BUILDER.invokeExact(scheduler);
        } catch (Throwable t) {
            throw new IllegalStateException("carrier rings: cannot make a virtual-thread builder", t);
        }
    }

    /** The platform thread the calling thread runs on (itself for a platform thread). Needs {@link #available()}. */
    static Thread currentCarrier() {
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}

package io.loomuring.poller.sys;

/**
 * Words for the one failure every FFM library meets first: the JVM refusing native access.
 */
public final class NativeAccess {
    private NativeAccess() {}

    /** The exact {@code --enable-native-access} flag that grants native access to loom-uring. */
    public static String flag() {
        Module m = NativeAccess.class.getModule();
        return "--enable-native-access=" + (m.isNamed() ? m.getName() : "ALL-UNNAMED");
    }

    /** Whether the JVM has granted native access to loom-uring's module (no warning, no refusal). */
    public static boolean enabled() {
        return NativeAccess.class.getModule().isNativeAccessEnabled();
    }

    static IllegalCallerException refused(IllegalCallerException cause) {
        return new IllegalCallerException("loom-uring needs native access to reach io_uring, and the JVM "
                + "refused it: add " + flag() + " to the java command line (or the manifest entry "
                + "'Enable-Native-Access: ALL-UNNAMED' to an executable jar)", cause);
    }
}

package io.loomuring;

import io.loomuring.poller.ring.IoUringUnavailableException;

/**
 * Which backend loom-uring's static factories use, chosen once per process:
 * <ul>
 *   <li>{@code -Dloomuring.backend=jdk}: the JDK's own blocking I/O;</li>
 *   <li>{@code -Dloomuring.backend=uring}: io_uring, and every call fails with
 *       {@link IoUringUnavailableException} if it cannot be used;</li>
 *   <li>otherwise ({@code auto}): io_uring when it can be set up, else the JDK.</li>
 * </ul>
 * Whenever the JDK backend is chosen, one WARNING through {@link System.Logger} (logger
 * {@code io.loomuring}) says so and why.
 */
public final class Backends {
    private Backends() {}

    /** The system property that selects the backend: {@code auto} (default), {@code uring}, {@code jdk}. */
    public static final String PROPERTY = "loomuring.backend";

    private static final class Choice {
        static final Backend BACKEND;
        static final String REASON;
        static final IoUringUnavailableException CAUSE;

        static {
            String want = System.getProperty(PROPERTY, "auto");
            Backend b = Backend.URING;
            String reason = "io_uring is available";
            IoUringUnavailableException cause = null;
            if (want.equals("jdk")) {
                b = Backend.JDK;
                reason = "selected by -D" + PROPERTY + "=jdk";
            } else {
                try {
                    LoomUring.pollers();
                } catch (IoUringUnavailableException e) {
                    cause = e;
                    if (!want.equals("uring")) {
                        b = Backend.JDK;
                        reason = "io_uring is unavailable: " + e.getMessage();
                    } else {
                        reason = "-D" + PROPERTY + "=uring, but io_uring is unavailable: " + e.getMessage();
                    }
                }
            }
            BACKEND = b;
            REASON = reason;
            CAUSE = cause;
            if (b == Backend.JDK) {
                System.getLogger("io.loomuring").log(System.Logger.Level.WARNING,
                        "loom-uring runs on the JDK's blocking I/O backend: " + reason);
            }
        }
    }

    /** The backend in use. */
    public static Backend current() {
        return Choice.BACKEND;
    }

    /** Why the current backend was chosen, in one sentence. */
    public static String reason() {
        return Choice.REASON;
    }

    /** Why io_uring could not be used, or null when it could (or was not tried). */
    public static IoUringUnavailableException unavailableCause() {
        return Choice.CAUSE;
    }
}

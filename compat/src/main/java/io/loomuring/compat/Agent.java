package io.loomuring.compat;

import java.lang.instrument.Instrumentation;

/**
 * The compat jar's Java agent ({@code -javaagent:loom-uring-compat.jar}, with the loom-uring jars
 * on the class path): installs the java.net switch ({@link JavaNetSwitch#install()}) and makes
 * carrier rings the scheduler of every virtual thread the program creates ({@link SchedulerReach};
 * {@code -Dloomuring.scheduler=jdk} leaves the JDK's). The selector and file-system switches are
 * system properties and need no agent (see the package documentation).
 */
public final class Agent {
    private Agent() {}

    /** Agent entry point. */
    public static void premain(String agentArgs, Instrumentation inst) {
        JavaNetSwitch.install();
        SchedulerReach.install(inst);
    }
}

package io.loomuring.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.loomuring.Backend;
import io.loomuring.Backends;

/**
 * The three switches on a runtime that has only {@code java.base} ({@code --limit-modules
 * java.base}, as in a jlinked image): no {@code jdk.jfr}, no {@code jdk.net}. Unmodified file,
 * socket and selector programs print what they print on the same runtime without the switches,
 * and the counters show their I/O went through io_uring. (Before, the agent loaded a JFR event
 * class and the JVM ended with status 134.)
 */
class MinimalRuntimeSwitchTest {
    static final List<String> MINIMAL = List.of("--limit-modules", "java.base");
    static final List<String> SWITCHES = List.of(
            "-Djava.nio.file.spi.DefaultFileSystemProvider=" + UringFileSystemProvider.class.getName(),
            NetSwitchTest.SELECTOR_SWITCH, "-Dloomuring.stats=stderr");

    @TempDir
    Path dir;

    NetSwitchTest.Run run(String name, boolean switched, String main, String... args) throws Exception {
        NetSwitchTest net = new NetSwitchTest();
        net.dir = dir;
        List<String> jvm = new java.util.ArrayList<>(MINIMAL);
        if (switched) {
            jvm.addAll(SWITCHES);
            jvm.add("-javaagent:" + net.agentJar());
        }
        String[] mainAndArgs = new String[args.length + 1];
        mainAndArgs[0] = main;
        System.arraycopy(args, 0, mainAndArgs, 1, args.length);
        return net.run(name, jvm, mainAndArgs);
    }

    @Test
    void switchesRunWithoutJfrOrJdkNet() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        for (Class<?> program : List.of(UnmodifiedProgram.class, UnmodifiedNetProgram.class, UnmodifiedSelectorEcho.class)) {
            String name = program.getSimpleName();
            String[] args = program == UnmodifiedProgram.class
                    ? new String[] {Files.createDirectory(dir.resolve(name + "-plain")).toString()} : new String[0];
            NetSwitchTest.Run plain = run(name + "-plain", false, program.getName(), args);
            if (args.length > 0) {
                args = new String[] {Files.createDirectory(dir.resolve(name + "-switched")).toString()};
            }
            NetSwitchTest.Run switched = run(name + "-switched", true, program.getName(), args);
            assertEquals(plain.out(), switched.out(), name);
            assertTrue(NetSwitchTest.submitted(switched) > 0, name + ": operations through the ring");
            assertFalse(switched.err().contains("NoClassDefFoundError"), switched.err());
        }
    }
}

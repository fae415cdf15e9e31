package io.loomuring.compat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.loomuring.Backend;
import io.loomuring.Backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The agent's scheduler reach ({@link SchedulerReach}) on an unmodified program
 * ({@link UnmodifiedVirtualThreads}) in a child JVM without {@code --add-opens}: every way of making
 * a virtual thread, from platform and virtual threads, lands on carrier rings; yield, timed parks,
 * pinned I/O, JFR's events, the thread dump and daemon semantics are as on the JDK (the same output
 * apart from where the threads ran); {@code jdk.virtualThreadScheduler.parallelism} sets the
 * carriers; {@code -Dloomuring.scheduler=jdk} turns the reach off; a JDK not shaped as expected
 * (simulated) leaves the JDK's scheduler with one line.
 */
class SchedulerReachTest {
    static final String[] WAYS = {"Thread.ofVirtual", "Thread.startVirtualThread", "newVirtualThreadPerTaskExecutor",
            "thread factory", "from a platform thread", "from a virtual thread"};

    @TempDir
    Path dir;

    NetSwitchTest.Run run(String name, List<String> jvmArgs) throws Exception {
        NetSwitchTest net = new NetSwitchTest();
        net.dir = dir;
        Path work = Files.createDirectory(dir.resolve(name));
        return net.run(name, jvmArgs, UnmodifiedVirtualThreads.class.getName(), work.toString());
    }

    List<String> agent(String... more) throws Exception {
        NetSwitchTest net = new NetSwitchTest();
        net.dir = dir;
        List<String> a = new ArrayList<>(List.of("-javaagent:" + net.agentJar(), "-Dloomuring.stats=stderr"));
        a.addAll(List.of(more));
        return a;
    }

    static String everywhere(String out, String where) {
        return out.replaceAll("(?m)^(" + String.join("|", WAYS) + "): .*$", "$1: " + where);
    }

    static long carrierLines(String err) {
        return Pattern.compile("(?m)^loom-uring carrier: ").matcher(err).results().count();
    }

    @Test
    void everyVirtualThreadRunsOnCarrierRingsAndBehavesAsOnTheJdk() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        NetSwitchTest.Run jdk = run("jdk", List.of());
        for (String way : WAYS) {
            assertTrue(jdk.out().contains(way + ": jdk"), jdk.out());
        }
        assertTrue(jdk.out().contains("pinned echo: 100/100"), jdk.out());
        assertTrue(jdk.out().contains("non-daemon platform thread: outlived main"), jdk.out());

        NetSwitchTest.Run ours = run("agent", agent("-Djdk.virtualThreadScheduler.parallelism=3"));
        assertEquals(everywhere(jdk.out(), "carrier ring"), ours.out(), ours.err());
        assertEquals(3, carrierLines(ours.err()), "carriers: " + ours.err());
        assertFalse(ours.err().contains("stay on the JDK's scheduler"), ours.err());
    }

    @Test
    void turnedOffOrRefusedTheJdkSchedulerStays() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        NetSwitchTest.Run jdk = run("jdk", List.of());
        NetSwitchTest.Run off = run("off", agent("-Dloomuring.scheduler=jdk"));
        assertEquals(jdk.out(), off.out(), off.err());
        assertFalse(off.err().contains("stay on the JDK's scheduler"), off.err());

        NetSwitchTest.Run refused = run("refused", agent("-Dloomuring.inject.schedulerField=NO_SUCH_FIELD"));
        assertEquals(jdk.out(), refused.out(), refused.err());
        List<String> lines = refused.err().lines().filter(l -> l.contains("stay on the JDK's scheduler")).toList();
        assertEquals(1, lines.size(), refused.err());
        assertTrue(lines.get(0).contains("NO_SUCH_FIELD"), lines.get(0));
    }
}

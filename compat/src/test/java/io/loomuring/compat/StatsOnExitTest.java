package io.loomuring.compat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.loomuring.Backend;
import io.loomuring.Backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code -Dloomuring.stats=stderr} reports only what exists: at exit no ring or carrier is started
 * for the report, and no INFO line about carrier rings appears. A program without I/O gets the
 * shared rings' counters (the switches' start-up probe made them) at zero, a file program its
 * operations there, and neither a line about carriers.
 */
class StatsOnExitTest {
    @TempDir
    Path dir;

    NetSwitchTest.Run run(String name, String main, String... args) throws Exception {
        return run(name, List.of(), main, args);
    }

    NetSwitchTest.Run run(String name, List<String> more, String main, String... args) throws Exception {
        NetSwitchTest net = new NetSwitchTest();
        net.dir = dir;
        String[] mainAndArgs = new String[args.length + 1];
        mainAndArgs[0] = main;
        System.arraycopy(args, 0, mainAndArgs, 1, args.length);
        List<String> jvm = new java.util.ArrayList<>(List.of("-javaagent:" + net.agentJar(), "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Djava.nio.file.spi.DefaultFileSystemProvider=" + UringFileSystemProvider.class.getName(),
                NetSwitchTest.SELECTOR_SWITCH, "-Dloomuring.stats=stderr"));
        jvm.addAll(more);
        return net.run(name, jvm, mainAndArgs);
    }

    @Test
    void aProgramWithoutIoStartsNothingAtExit() throws Exception {
        NetSwitchTest.Run r = run("noio", NoIoProgram.class.getName());
        assertEquals("no I/O here\n", r.out());
        assertFalse(r.err().contains("carrier"), "no carrier rings started for the report: " + r.err());
        assertFalse(r.err().contains("INFO"), r.err());
        if (Backends.current() == Backend.URING) { // the switches' start-up probe made the shared rings: they exist
            assertEquals(0, NetSwitchTest.submitted(r), r.err());
        }
    }

    /**
     * A file program whose virtual threads do file I/O: under the agent its virtual threads start
     * the carriers, which report the work they did; with {@code -Dloomuring.scheduler=jdk} they stay
     * on the JDK's scheduler and the report starts no carrier.
     */
    @Test
    void theReportShowsOnlyTheRingsTheProgramUsed() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        NetSwitchTest.Run r = run("files", UnmodifiedProgram.class.getName(), Files.createDirectory(dir.resolve("work")).toString());
        assertTrue(NetSwitchTest.onCarriers(r) > 0, "the program's virtual threads did their I/O on carrier rings: " + r.err());
        assertFalse(r.err().contains("INFO"), r.err());
        NetSwitchTest.Run off = run("files-off", List.of("-Dloomuring.scheduler=jdk"), UnmodifiedProgram.class.getName(),
                Files.createDirectory(dir.resolve("work-off")).toString());
        assertTrue(NetSwitchTest.submitted(off) > 0, off.err());
        assertFalse(off.err().contains("loom-uring carrier:"), "no carriers were started: " + off.err());
        assertFalse(off.err().contains("INFO"), off.err());
    }
}

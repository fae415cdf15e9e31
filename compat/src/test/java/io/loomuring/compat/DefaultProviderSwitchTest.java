package io.loomuring.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.loomuring.Backend;
import io.loomuring.Backends;

/**
 * The file switch on an unmodified program in a child JVM: the same output with and without
 * {@code -Djava.nio.file.spi.DefaultFileSystemProvider}, and with it the poller's counters show
 * the program's I/O went through io_uring.
 */
class DefaultProviderSwitchTest {
    @TempDir
    Path dir;

    record Run(String out, String err) {}

    Run run(Path work, String... jvmArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), UnmodifiedProgram.class.getName(), work.toString()));
        Path out = dir.resolve(work.getFileName() + ".out"), err = dir.resolve(work.getFileName() + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child finished");
        assertEquals(0, p.exitValue(), () -> "child failed: " + read(err));
        return new Run(read(out), read(err));
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void unmodifiedProgramRunsOnLoomUring() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        Run plain = run(Files.createDirectory(dir.resolve("plain")));
        Run switched = run(Files.createDirectory(dir.resolve("switched")),
                "-Djava.nio.file.spi.DefaultFileSystemProvider=" + UringFileSystemProvider.class.getName(),
                "-Dloomuring.stats=stderr");
        assertEquals(plain.out(), switched.out());
        assertTrue(plain.out().contains("lines: [one, two, three, four]"), plain.out());
        assertTrue(switched.err().contains("provider: " + UringFileSystemProvider.class.getName()), switched.err());
        Matcher m = Pattern.compile("loom-uring: submitted=(\\d+)").matcher(switched.err());
        assertTrue(m.find(), switched.err());
        assertTrue(Long.parseLong(m.group(1)) >= 20, "operations through the ring: " + m.group(1));
        assertTrue(!plain.err().contains("loom-uring:"), plain.err());
    }

    @Test
    void fallsBackToTheJdkWhenIoUringIsRefused() throws Exception {
        Run switched = run(Files.createDirectory(dir.resolve("fallback")),
                "-Djava.nio.file.spi.DefaultFileSystemProvider=" + UringFileSystemProvider.class.getName(),
                "-Dloomuring.inject.setupErrno=EPERM"); // io_uring_setup refused, as seccomp does
        Run plain = run(Files.createDirectory(dir.resolve("plain2")));
        assertEquals(plain.out(), switched.out());
        assertTrue(switched.err().contains("WARNING"), "the fallback is logged: " + switched.err());
    }
}

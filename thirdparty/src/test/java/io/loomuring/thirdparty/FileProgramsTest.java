package io.loomuring.thirdparty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.loomuring.Backend;
import io.loomuring.Backends;
import io.loomuring.compat.UringFileSystemProvider;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Unmodified file-heavy programs — a Lucene index built from the JDK's sources and searched from 64
 * virtual threads ({@link SearchProgram}), an H2 database with committed batches, an index,
 * 64-thread lookups and a reopen ({@link DatabaseProgram}) — each in a child JVM on the plain JDK
 * and under the file system switch with the agent (carrier rings): the hit counts and scores, and
 * every row, must be the same, and the program must really have run on loom-uring's provider.
 * {@code bench/programs-ab} measures the same programs.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FileProgramsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(classes = {SearchProgram.class, DatabaseProgram.class})
    void sameResultsOnTheJdkAndUnderTheSwitch(Class<?> program) throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        List<String> jdk = run(program, "jdk", List.of());
        List<String> switched = run(program, "switched", List.of(
                "-javaagent:" + ThirdPartyServersTest.agentJar(dir),
                "-Djava.nio.file.spi.DefaultFileSystemProvider=" + UringFileSystemProvider.class.getName()));
        assertEquals(line(jdk, "phase=check"), line(switched, "phase=check"), switched::toString);
        assertTrue(line(jdk, "phase=provider").endsWith("sun.nio.fs.LinuxFileSystemProvider"), jdk::toString);
        assertEquals("RESULT phase=provider name=" + UringFileSystemProvider.class.getName(), line(switched, "phase=provider"));
    }

    private List<String> run(Class<?> program, String name, List<String> jvmArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), program.getName()));
        if (program == SearchProgram.class) {
            cmd.addAll(List.of(dir.resolve("search-" + name).toString(), "800", "0.3"));
        } else {
            cmd.addAll(List.of(dir.resolve("db-" + name).toString(), "0.3"));
        }
        Path out = dir.resolve(name + ".out"), err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), () -> name + " did not finish");
        assertEquals(0, p.exitValue(), () -> ThirdPartyServersTest.read(err) + ThirdPartyServersTest.read(out));
        return Files.readAllLines(out);
    }

    private static String line(List<String> lines, String key) {
        return lines.stream().filter(l -> l.contains(key)).findFirst().orElse("(no " + key + " in " + lines + ")");
    }
}

package io.loomuring.compat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
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
 * The socket switches on an unmodified java.net / java.nio program in a child JVM: the same
 * output with and without them — which makes the program's java.net corner cases (refused
 * connect, timeouts, shutdown, interrupt, close under a blocked read or accept, options) a
 * differential test of {@link UringSocketImpl} against the JDK's own — and with them the channel classes are compat's and the poller's
 * counters show the program's sockets went through io_uring. Also with io_uring refused: the same
 * output, on the JDK, with the fallback logged.
 */
class NetSwitchTest {
    static final String SELECTOR_SWITCH = "-Djava.nio.channels.spi.SelectorProvider=" + UringSelectorProvider.class.getName();

    @TempDir
    Path dir;

    record Run(String out, String err) {}

    Run run(String name, List<String> jvmArgs, String... mainAndArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(mainAndArgs));
        Path out = dir.resolve(name + ".out"), err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child finished");
        assertEquals(0, p.exitValue(), () -> "child failed: " + DefaultProviderSwitchTest.read(err)
                + DefaultProviderSwitchTest.read(out));
        return new Run(DefaultProviderSwitchTest.read(out), DefaultProviderSwitchTest.read(err));
    }

    /** A jar holding only the compat jar's agent manifest; the child finds the classes on its class path. */
    Path agentJar() throws Exception {
        return agentJar(dir);
    }

    static Path agentJar(Path dir) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Premain-Class", Agent.class.getName());
        m.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        Path jar = dir.resolve("agent.jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
        return jar;
    }

    /** Operations through io_uring: the shared rings' submissions and the carriers' completions. */
    static long submitted(Run r) {
        Matcher m = Pattern.compile("loom-uring: submitted=(\\d+)").matcher(r.err());
        assertTrue(m.find(), "counters printed: " + r.err());
        return Long.parseLong(m.group(1)) + onCarriers(r);
    }

    /**
     * HttpServer and HttpClient (both built on selectors and non-blocking channels) run unmodified
     * under the SelectorProvider switch: the same output as without it, on compat's selector.
     */
    @Test
    void selectorProgramsRunUnderTheSwitch() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.loomuring.Backends.current() == io.loomuring.Backend.URING,
                () -> "io_uring unavailable: " + io.loomuring.Backends.reason());
        Run jdk = run("selector-jdk", List.of(), UnmodifiedSelectorProgram.class.getName());
        Run ours = run("selector-uring", List.of(SELECTOR_SWITCH), UnmodifiedSelectorProgram.class.getName());
        assertTrue(jdk.out().contains("hello responses ok: 40/40"), jdk.out());
        assertEquals(jdk.out(), ours.out());
        assertTrue(ours.err().contains("selector class: " + UringSelector.class.getName()), ours.err());

        Run echoJdk = run("selector-echo-jdk", List.of(), UnmodifiedSelectorEcho.class.getName());
        Run echoOurs = run("selector-echo-uring", List.of(SELECTOR_SWITCH, "-Dloomuring.stats=stderr"),
                UnmodifiedSelectorEcho.class.getName());
        assertEquals("selector echo: 1000/1000 messages checked\n", echoJdk.out(), echoJdk.err());
        assertEquals(echoJdk.out(), echoOurs.out(), echoOurs.err());
        assertTrue(echoOurs.err().matches("(?s).*loom-uring selectors: selections=[1-9].*"), echoOurs.err());
    }

    @Test
    void unmodifiedProgramRunsOnLoomUringSockets() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        String main = UnmodifiedNetProgram.class.getName();
        Run plain = run("plain", List.of(), main);
        assertTrue(plain.out().contains("replies: CLIENT 0,CLIENT 1,"), plain.out());
        assertTrue(plain.out().contains("timeout: SocketTimeoutException, open true"), plain.out());
        assertTrue(plain.out().contains("http: 200 hello"), plain.out());
        assertTrue(plain.out().contains("interrupted read: ! java.net.SocketException"), plain.out());
        assertTrue(plain.out().contains("closed by the interrupt: true"), plain.out());
        assertTrue(plain.out().contains("datagram: a datagram"), plain.out());
        assertTrue(plain.err().contains("channel: sun.nio.ch."), plain.err());

        Run agent = run("agent", List.of("-javaagent:" + agentJar(), SELECTOR_SWITCH, "-Dloomuring.stats=stderr"), main);
        assertEquals(plain.out(), agent.out());
        assertTrue(agent.err().contains("channel: " + UringSocketChannel.class.getName()), agent.err());
        assertTrue(agent.err().contains("datagram channel: " + UringDatagramChannel.class.getName()), agent.err());
        assertTrue(agent.err().contains("pipe: " + UringPipeChannels.class.getName()), agent.err());
        assertTrue(agent.out().contains("pipe: through a pipe"), agent.out());
        // 50 clients alone: connect, write, read on each side, accept: hundreds of operations
        assertTrue(submitted(agent) >= 300, "operations through the ring: " + submitted(agent));

        // java.net only, by the launcher: the sockets alone must account for the ring's work
        Run launcher = run("launcher", List.of("-Dloomuring.stats=stderr"), JavaNetSwitch.class.getName(), main);
        assertEquals(plain.out(), launcher.out());
        assertTrue(launcher.err().contains("channel: sun.nio.ch."), launcher.err());
        assertTrue(submitted(launcher) >= 300, "operations through the ring: " + submitted(launcher));
        assertFalse(plain.err().contains("loom-uring:"), plain.err());

        // under the agent the program's virtual threads run on carrier rings: their I/O goes through the carriers' rings
        assertTrue(onCarriers(agent) >= 300, "operations through the carriers' rings: " + agent.err());
        // the retired launcher mode changes nothing and says so
        Run retired = run("launcher-retired", List.of("-Dloomuring.main=carrier"), JavaNetSwitch.class.getName(), main);
        assertEquals(plain.out(), retired.out());
        assertTrue(retired.err().contains("-Dloomuring.main is retired and ignored"), retired.err());
    }

    static long onCarriers(Run r) {
        return Pattern.compile("loom-uring carrier: .*completed=(\\d+)").matcher(r.err()).results()
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
    }

    /**
     * java.net fidelity ({@link UnmodifiedNetFidelity}): peers that reset before accept (addresses
     * known, descriptors flat), reads after reset and shutdownInput, available, bind, options,
     * platform-thread interrupts, urgent data, a lingering close beside busy sockets — the same
     * output as on the JDK's sockets, and the expected one.
     */
    @Test
    void javaNetBehavesAsTheJdkCaseByCase() throws Exception {
        assumeTrue(Backends.current() == Backend.URING, () -> "io_uring unavailable: " + Backends.reason());
        String main = UnmodifiedNetFidelity.class.getName();
        Run plain = run("fidelity-plain", List.of(), main);
        assertTrue(plain.out().contains("reset peers: addresses known 200/200"), plain.out());
        assertTrue(plain.out().contains("reset peers: descriptors flat true"), plain.out());
        assertTrue(plain.out().contains("others done while the close lingered: true"), plain.out());
        assertTrue(plain.out().contains("the close lingered: true"), plain.out());
        assertTrue(plain.out().contains("accept: java.nio.channels.ClosedByInterruptException, interrupted true"), plain.out());
        Run agent = run("fidelity-agent", List.of("-javaagent:" + agentJar(), SELECTOR_SWITCH, "-Dloomuring.stats=stderr"), main);
        assertEquals(plain.out(), agent.out());
        assertTrue(submitted(agent) >= 200, "operations through the ring: " + submitted(agent));
        // virtual threads without continuations (each one a platform thread underneath): the same
        List<String> noContinuations = List.of("-XX:+UnlockExperimentalVMOptions", "-XX:-VMContinuations");
        Run plainNc = run("fidelity-plain-nc", noContinuations, main);
        List<String> switchedNc = new java.util.ArrayList<>(noContinuations);
        switchedNc.addAll(List.of("-javaagent:" + agentJar(), SELECTOR_SWITCH));
        assertEquals(plainNc.out(), run("fidelity-agent-nc", switchedNc, main).out());
    }

    @Test
    void fallsBackToTheJdkWhenIoUringIsRefused() throws Exception {
        String main = UnmodifiedNetProgram.class.getName();
        Run plain = run("plain", List.of(), main);
        Run refused = run("refused", List.of("-javaagent:" + agentJar(), SELECTOR_SWITCH,
                "-Dloomuring.inject.setupErrno=EPERM"), main); // io_uring_setup refused, as seccomp does
        assertEquals(plain.out(), refused.out());
        assertTrue(refused.err().contains("java.net switch not installed"), "the fallback is logged: " + refused.err());
        assertTrue(refused.err().contains("WARNING"), refused.err());
    }
}

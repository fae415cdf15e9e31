package io.loomuring.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.loomuring.UringFile;
import io.loomuring.poller.PollerGroup;

/**
 * The package graph of the three library modules — poller, loom-uring, compat — as {@code jdeps}
 * reads it from their bytecode. No package cycle but the one between loom-uring's API and its SPI;
 * the poller's layers point down (carrier → poller → ring, kernel, sys); the API reaches its
 * backends only through the SPI's {@code ServiceLoader} seam, and of the machinery only its JFR
 * events; the SPI names only the API and the poller's types (its machinery-facing parts are
 * interfaces the machinery implements); the machinery knows no backend; the JDK backend knows
 * nothing of io_uring; and compat reaches loom-uring only through the
 * API and the SPI (and the poller's types the API returns), never its machinery or the kernel
 * binding.
 */
class PackageLayoutTest {
    private static final Map<String, Set<String>> EDGES = new TreeMap<>();

    private static Path locate(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @BeforeAll
    static void readGraph() throws Exception {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        Path poller = locate(PollerGroup.class);
        Path loomUring = locate(UringFile.class);
        Path compat = locate(UringSelectorProvider.class);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package",
                "--module-path", poller + java.io.File.pathSeparator + loomUring,
                poller.toString(), loomUring.toString(), compat.toString());
        assertEquals(0, rc, "jdeps failed: " + err);
        Matcher m = Pattern.compile("^\\s+(io\\.loomuring[\\w.]*)\\s+->\\s+(io\\.loomuring[\\w.]*)\\s", Pattern.MULTILINE)
                .matcher(out.toString());
        while (m.find()) {
            if (!m.group(1).equals(m.group(2))) {
                EDGES.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertTrue(EDGES.getOrDefault("io.loomuring.backend.uring", Set.of()).contains("io.loomuring"),
                "the graph was read (the io_uring backend implements the API): " + EDGES);
        assertTrue(EDGES.containsKey("io.loomuring.compat") && EDGES.containsKey("io.loomuring.poller.carrier"),
                "every module was read: " + EDGES.keySet());
    }

    @Test
    void noPackageCyclesButTheApiAndItsSpi() {
        List<List<String>> cycles = new ArrayList<>();
        Map<String, Integer> state = new TreeMap<>();
        for (String p : EDGES.keySet()) {
            visit(p, state, new ArrayDeque<>(), cycles);
        }
        cycles.removeIf(c -> Set.copyOf(c).equals(Set.of("io.loomuring", "io.loomuring.spi")));
        assertEquals(List.of(), cycles, "package cycles in " + EDGES);
    }

    private static void visit(String p, Map<String, Integer> state, Deque<String> path, List<List<String>> cycles) {
        Integer s = state.get(p);
        if (s != null) {
            if (s == 1) {
                List<String> cycle = new ArrayList<>(path);
                cycles.add(cycle.subList(cycle.indexOf(p), cycle.size()));
            }
            return;
        }
        state.put(p, 1);
        path.addLast(p);
        for (String q : EDGES.getOrDefault(p, Set.of())) {
            visit(q, state, path, cycles);
        }
        path.removeLast();
        state.put(p, 2);
    }

    /** Every edge out of a package starting with {@code from} goes to one starting with one of {@code allowed}. */
    private static void onlyTo(String from, String... allowed) {
        EDGES.forEach((p, tos) -> {
            if (p.equals(from) || p.startsWith(from + ".")) {
                for (String to : tos) {
                    boolean ok = to.equals(from) || to.startsWith(from + ".");
                    for (String a : allowed) {
                        ok |= to.equals(a) || to.startsWith(a + ".");
                    }
                    assertTrue(ok, p + " -> " + to);
                }
            }
        });
    }

    @Test
    void thePollersLayersPointDown() {
        onlyTo("io.loomuring.poller.sys");
        onlyTo("io.loomuring.poller.kernel");
        onlyTo("io.loomuring.poller.ring", "io.loomuring.poller.kernel", "io.loomuring.poller.sys");
        for (String to : EDGES.getOrDefault("io.loomuring.poller", Set.of())) {
            assertTrue(!to.equals("io.loomuring.poller.carrier"), "the shared ring thread knows no carrier: poller -> " + to);
        }
    }

    @Test
    void theApiNamesNoBackendAndOfTheMachineryOnlyItsJfrEvents() {
        for (String to : EDGES.getOrDefault("io.loomuring", Set.of())) {
            assertTrue(!to.startsWith("io.loomuring.backend")
                    && (!to.startsWith("io.loomuring.internal") || to.equals("io.loomuring.internal.jfr")), "io.loomuring -> " + to);
        }
    }

    @Test
    void theMachineryKnowsNoBackend() {
        EDGES.forEach((from, tos) -> {
            if (from.startsWith("io.loomuring.internal")) {
                for (String to : tos) {
                    assertTrue(!to.startsWith("io.loomuring.backend"), from + " -> " + to);
                }
            }
        });
    }

    @Test
    void theSpiIsInterfacesOverTheApi() {
        for (String to : EDGES.getOrDefault("io.loomuring.spi", Set.of())) {
            assertTrue(to.equals("io.loomuring") || to.equals("io.loomuring.poller"), "io.loomuring.spi -> " + to);
        }
    }

    @Test
    void theJdkBackendKnowsNothingOfIoUring() {
        Set<String> tos = EDGES.getOrDefault("io.loomuring.backend.jdk", Set.of());
        assertTrue(!tos.contains("io.loomuring.backend.uring"), "jdk -> uring");
        assertTrue(!tos.contains("io.loomuring.internal.op"), "jdk -> ring operations");
    }

    @Test
    void compatReachesLoomUringThroughItsApiAndSpiOnly() {
        for (String to : EDGES.getOrDefault("io.loomuring.compat", Set.of())) {
            assertTrue(to.equals("io.loomuring") || to.equals("io.loomuring.spi") || to.equals("io.loomuring.poller")
                    || to.equals("io.loomuring.poller.carrier"), "compat -> " + to);
        }
    }
}

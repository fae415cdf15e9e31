package io.loomuring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
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

import io.loomuring.poller.PollerGroup;

/**
 * The package graph of the module's classes, as {@code jdeps} reads it from the bytecode: no cycles;
 * the API reaches its backends only through the {@code ServiceLoader} seam; the shared machinery
 * knows neither the API nor the backends; the JDK backend knows nothing of io_uring.
 */
class PackageLayoutTest {

    private static final Map<String, Set<String>> EDGES = new TreeMap<>();

    @BeforeAll
    static void readGraph() throws Exception {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        Path classes = Path.of(UringFile.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path poller = Path.of(PollerGroup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err),
                "-verbose:package", "--module-path", poller.toString(), classes.toString());
        assertEquals(0, rc, "jdeps failed: " + err);
        Matcher m = Pattern.compile("^\\s+(io\\.loomuring[\\w.]*)\\s+->\\s+(io\\.loomuring[\\w.]*)\\s", Pattern.MULTILINE)
                .matcher(out.toString());
        while (m.find()) {
            if (!m.group(1).equals(m.group(2)) && !m.group(2).startsWith("io.loomuring.poller")) {
                EDGES.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertTrue(EDGES.getOrDefault("io.loomuring.backend.uring", Set.of()).contains("io.loomuring"),
                "the graph was read (the io_uring backend implements the API): " + EDGES);
    }

    @Test
    void noPackageCycles() {
        List<List<String>> cycles = new ArrayList<>();
        Map<String, Integer> state = new TreeMap<>();
        for (String p : EDGES.keySet()) {
            visit(p, state, new ArrayDeque<>(), cycles);
        }
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

    @Test
    void theApiNamesNoBackend() {
        for (String to : EDGES.getOrDefault("io.loomuring", Set.of())) {
            assertFalse(to.startsWith("io.loomuring.backend"), "io.loomuring -> " + to);
        }
    }

    @Test
    void theSharedMachineryKnowsNeitherTheApiNorTheBackends() {
        EDGES.forEach((from, tos) -> {
            if (from.startsWith("io.loomuring.internal")) {
                for (String to : tos) {
                    assertTrue(to.startsWith("io.loomuring.internal"), from + " -> " + to);
                }
            }
        });
    }

    @Test
    void theJdkBackendKnowsNothingOfIoUring() {
        Set<String> tos = EDGES.getOrDefault("io.loomuring.backend.jdk", Set.of());
        assertFalse(tos.contains("io.loomuring.backend.uring"), "jdk -> uring");
        assertFalse(tos.contains("io.loomuring.internal.op"), "jdk -> ring operations");
    }
}

package io.loomuring.poller;

import io.loomuring.poller.ring.IoUringUnavailableException;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.loomuring.poller.ring.RingOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JVM that denies native access gets an exception naming the flag to add. */
class NativeAccessTest {

    /** Child-JVM entry point: tries to open a poller and prints the outcome. */
    public static void main(String[] args) {
        try (Poller p = new Poller(PollerOptions.defaults().withRing(RingOptions.defaults()))) {
            System.out.println("OPENED " + p);
        } catch (IoUringUnavailableException e) {
            System.out.println("UNAVAILABLE " + e.getMessage());
        }
    }

    @Test
    void refusedNativeAccessNamesTheExactFlag() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--illegal-native-access=deny",
                "-cp", System.getProperty("java.class.path"), NativeAccessTest.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("UNAVAILABLE"), out);
        assertTrue(out.contains("--enable-native-access=ALL-UNNAMED"), out);
    }
}

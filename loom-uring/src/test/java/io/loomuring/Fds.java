package io.loomuring;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's open descriptors, from {@code /proc/self/fd}. */
final class Fds {
    private Fds() {}

    static int count() {
        String[] names = new File("/proc/self/fd").list();
        return names == null ? -1 : names.length;
    }

    /**
     * The descriptors a test's own work opens: sockets and files, not jars (the JVM opens them as
     * it loads classes) and not the runtime's own anonymous inodes (loom-uring's rings and
     * eventfds, the JDK's epoll pollers), which are made once, lazily, and kept.
     */
    static int socketsAndFiles() {
        String[] names = new File("/proc/self/fd").list();
        if (names == null) {
            return -1;
        }
        int n = 0;
        for (String name : names) {
            try {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd", name)).toString();
                if (target.startsWith("socket:") || (target.startsWith("/") && !target.endsWith(".jar")
                        && !target.startsWith("/proc/"))) {
                    n++;
                }
            } catch (IOException e) {
                // closed meanwhile (the listing itself, or another thread's)
            }
        }
        return n;
    }
}

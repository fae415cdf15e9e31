package io.loomuring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A tmpfs of a few hundred KiB for the ENOSPC cases: mounted under a test's directory (root only). */
final class TinyTmpfs {
    private TinyTmpfs() {}

    /** Mounts a tmpfs of {@code size} (e.g. {@code "256k"}) at {@code dir/name}; skips the test with the reason when it cannot. */
    static Path mount(Path dir, String name, String size) throws IOException, InterruptedException {
        Path mnt = Files.createDirectory(dir.resolve(name));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mnt.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes()).strip();
        assumeTrue(mount.waitFor() == 0, "cannot mount a " + size + " tmpfs for the ENOSPC case: " + why);
        return mnt;
    }

    /** Unmounts it (lazily: an open descriptor does not keep it). */
    static void unmount(Path mnt) throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor();
    }
}

package io.loomuring.backend.uring;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;

import io.loomuring.FileStat;
import io.loomuring.LoomUring;
import io.loomuring.backend.OpenSpec;
import io.loomuring.backend.jdk.JdkBackend;
import io.loomuring.internal.Blocking;
import io.loomuring.internal.Errors;
import io.loomuring.internal.op.PathOp;
import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.kernel.Errno;
import io.loomuring.poller.kernel.FileFlags;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.StatxLayout;
import io.loomuring.poller.ring.IoUringUnavailableException;

/**
 * {@code UringFiles}' path operations on the ring ({@code mkdirat}, {@code unlinkat},
 * {@code renameat2}, {@code linkat}, {@code symlinkat}, {@code statx}), each executed on the calling
 * carrier's ring or a shared one; where the kernel lacks the opcode, the JDK backend does the same
 * work.
 */
final class RingPaths {
    private RingPaths() {}

    private static final JdkBackend JDK = new JdkBackend();

    private static int run(PathOp op) throws IOException {
        try {
            return CarrierScheduler.ringOr(LoomUring.pollers().any()).execute(op);
        } finally {
            Blocking.release(op);
        }
    }

    /** Whether the rings support {@code opcode}. */
    static boolean supports(int opcode) {
        try {
            return LoomUring.pollers().get(0).supports(opcode);
        } catch (IoUringUnavailableException e) {
            return false;
        }
    }

    static void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        if (!supports(Opcode.MKDIRAT)) {
            JDK.createDirectory(dir, attrs);
            return;
        }
        int r = run(PathOp.mkdirat(dir, OpenSpec.mode(0777, attrs)));
        if (r < 0) {
            throw Errors.forPath(r, dir.toString(), null, "mkdir");
        }
    }

    static void delete(Path path) throws IOException {
        if (!supports(Opcode.UNLINKAT)) {
            JDK.delete(path);
            return;
        }
        int r = run(PathOp.unlinkat(path, 0));
        if (r == -Errno.EISDIR) {
            r = run(PathOp.unlinkat(path, FileFlags.AT_REMOVEDIR));
        }
        if (r < 0) {
            throw Errors.forPath(r, path.toString(), null, "delete");
        }
    }

    static void move(Path source, Path target, boolean replace, CopyOption... options) throws IOException {
        if (!supports(Opcode.RENAMEAT)) {
            JDK.move(source, target, replace, options);
            return;
        }
        int r = run(PathOp.renameat(source, target, replace ? 0 : FileFlags.RENAME_NOREPLACE));
        if (r < 0) {
            throw Errors.forPath(r, source.toString(), target.toString(), "rename");
        }
    }

    static void createLink(Path link, Path existing) throws IOException {
        if (!supports(Opcode.LINKAT)) {
            JDK.createLink(link, existing);
            return;
        }
        int r = run(PathOp.linkat(existing, link));
        if (r < 0) {
            throw Errors.forPath(r, link.toString(), existing.toString(), "link");
        }
    }

    static void createSymbolicLink(Path link, Path target) throws IOException {
        if (!supports(Opcode.SYMLINKAT)) {
            JDK.createSymbolicLink(link, target);
            return;
        }
        int r = run(PathOp.symlinkat(target, link));
        if (r < 0) {
            throw Errors.forPath(r, link.toString(), null, "symlink");
        }
    }

    static FileStat stat(Path path, LinkOption... options) throws IOException {
        if (!supports(Opcode.STATX)) {
            return JDK.stat(path, options);
        }
        boolean follow = options.length == 0;
        PathOp op = PathOp.statx(path, follow ? 0 : FileFlags.AT_SYMLINK_NOFOLLOW,
                StatxLayout.STATX_BASIC_STATS | StatxLayout.STATX_DIOALIGN);
        try {
            int r = CarrierScheduler.ringOr(LoomUring.pollers().any()).execute(op);
            if (r < 0) {
                throw Errors.forPath(r, path.toString(), null, "stat");
            }
            return Statx.parse(op.memory(), PathOp.STATX);
        } finally {
            Blocking.release(op);
        }
    }
}

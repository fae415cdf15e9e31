package io.loomuring;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.DSYNC;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** JDK semantics of files, on both backends: EOF, append, fsync, errors, O_DIRECT, interrupt, close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FileSemanticsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void shortReadsAtEndOfFile(Backend b) throws Exception {
        Path p = dir.resolve("f");
        Files.write(p, new byte[100]);
        try (UringFile f = b.openFile(p, READ)) {
            assertEquals(50, f.read(ByteBuffer.allocate(200), 50));
            assertEquals(-1, f.read(ByteBuffer.allocate(10), 100));
            assertEquals(-1, f.read(ByteBuffer.allocateDirect(10), 1000));
            assertEquals(0, f.read(ByteBuffer.allocate(0), 1000), "nothing asked, nothing read");
            assertThrows(EOFException.class, () -> f.readFully(ByteBuffer.allocate(60), 50));
            ByteBuffer seq = ByteBuffer.allocate(64);
            assertEquals(64, f.read(seq));
            assertEquals(36, f.read(seq.clear()));
            assertEquals(-1, f.read(seq.clear()));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void appendsFromManyThreadsAllLandWhole(Backend b) throws Exception {
        Path p = dir.resolve("log");
        int threads = 100, each = 100, rec = 100;
        try (UringFile f = b.openFile(p, CREATE, APPEND); var vts = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                byte tag = (byte) t;
                vts.submit(() -> {
                    byte[] r = new byte[rec];
                    Arrays.fill(r, tag);
                    for (int i = 0; i < each; i++) {
                        f.write(ByteBuffer.wrap(r), 0); // APPEND: the position is ignored
                    }
                    return null;
                });
            }
        }
        byte[] all = Files.readAllBytes(p);
        assertEquals(threads * each * rec, all.length);
        int[] count = new int[threads];
        for (int r = 0; r < all.length; r += rec) {
            for (int k = 1; k < rec; k++) {
                assertEquals(all[r], all[r + k], "record at " + r + " is whole");
            }
            count[all[r]]++;
        }
        for (int c : count) {
            assertEquals(each, c);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void forcedDataIsThereAfterReopening(Backend b) throws Exception {
        Path p = dir.resolve("durable");
        byte[] data = FileRoundTripTest.random(10_000, 3);
        try (UringFile f = b.openFile(p, CREATE_NEW, WRITE, DSYNC)) {
            f.write(ByteBuffer.wrap(data));
            f.force(true);
            f.force(false);
        }
        try (UringFile f = b.openFile(p, READ)) {
            ByteBuffer back = ByteBuffer.allocate(data.length);
            f.readFully(back, 0);
            assertArrayEquals(data, back.array());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void truncateAllocateSizeAndPositionFollowFileChannel(Backend b) throws Exception {
        Path p = dir.resolve("t");
        try (UringFile f = b.openFile(p, CREATE, READ, WRITE)) {
            f.write(ByteBuffer.wrap(new byte[1000]));
            assertEquals(1000, f.position());
            f.truncate(2000);
            assertEquals(1000, f.size(), "a larger size changes nothing");
            f.truncate(400);
            assertEquals(400, f.size());
            assertEquals(400, f.position(), "the position moves back to the new size");
            f.allocate(0, 8192);
            assertEquals(8192, f.size());
            f.position(10_000);
            f.write(ByteBuffer.wrap(new byte[] {7}));
            assertEquals(10_001, f.size());
            assertThrows(IllegalArgumentException.class, () -> f.position(-1));
            assertThrows(IllegalArgumentException.class, () -> f.read(ByteBuffer.allocate(1), -1));
            assertThrows(IllegalArgumentException.class, () -> f.truncate(-1));
            assertTrue(f.stat().isRegularFile());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void openErrorsAreTheJdkExceptions(Backend b) throws Exception {
        Path missing = dir.resolve("missing");
        NoSuchFileException nsf = assertThrows(NoSuchFileException.class, () -> b.openFile(missing, READ));
        assertEquals(missing.toString(), nsf.getFile());
        Path exists = Files.createFile(dir.resolve("exists"));
        assertThrows(FileAlreadyExistsException.class, () -> b.openFile(exists, CREATE_NEW, WRITE));
        assertThrows(IllegalArgumentException.class, () -> b.openFile(exists, READ, APPEND));
        assertThrows(IllegalArgumentException.class, () -> b.openFile(exists, APPEND, TRUNCATE_EXISTING));
        FileSystemException isDir = assertThrows(FileSystemException.class, () -> b.openFile(dir, WRITE));
        if (b == Backend.URING) {
            assertTrue(isDir.getMessage().contains("EISDIR"), isDir.getMessage());
        }
        Path link = Files.createSymbolicLink(dir.resolve("link"), exists);
        java.io.IOException loop = assertThrows(java.io.IOException.class,
                () -> b.openFile(link, READ, LinkOption.NOFOLLOW_LINKS));
        assertTrue(loop.getMessage().contains("NOFOLLOW_LINKS"), loop.getMessage());
        Path readOnlyAttr = Path.of("/sys/kernel/uevent_seqnum"); // 0444 in sysfs: EACCES even for root
        assumeTrue(Files.exists(readOnlyAttr), "no " + readOnlyAttr + " on this machine");
        assertThrows(AccessDeniedException.class, () -> b.openFile(readOnlyAttr, WRITE));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void operationNotPermittedIsAFileSystemExceptionAsInTheJdk(Backend b) throws Exception {
        Path p = Files.createFile(dir.resolve("immutable"));
        // Running as root bypasses mode bits; the immutable attribute stops even root.
        Process chattr;
        try {
            chattr = new ProcessBuilder("chattr", "+i", p.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "chattr is not installed: " + e.getMessage());
            return;
        }
        String out = new String(chattr.getInputStream().readAllBytes());
        assumeTrue(chattr.waitFor() == 0, "this file system has no immutable attribute: " + out);
        try {
            FileSystemException e = assertThrows(FileSystemException.class, () -> b.openFile(p, WRITE));
            assertFalse(e instanceof AccessDeniedException, "the JDK reports EPERM as a plain FileSystemException");
            assertTrue(e.getMessage().contains("Operation not permitted"), e.getMessage());
            if (b == Backend.URING) {
                assertTrue(e.getMessage().contains("EPERM"), e.getMessage());
            }
        } finally {
            new ProcessBuilder("chattr", "-i", p.toString()).start().waitFor();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void channelStateErrors(Backend b) throws Exception {
        Path p = Files.write(dir.resolve("f"), new byte[10]);
        try (UringFile ro = b.openFile(p, READ); UringFile wo = b.openFile(p, WRITE)) {
            assertThrows(NonWritableChannelException.class, () -> ro.write(ByteBuffer.allocate(1), 0));
            assertThrows(NonReadableChannelException.class, () -> wo.read(ByteBuffer.allocate(1), 0));
            assertThrows(NonWritableChannelException.class, () -> ro.truncate(0));
        }
        UringFile f = b.openFile(p, READ);
        f.close();
        f.close();
        assertFalse(f.isOpen());
        assertThrows(ClosedChannelException.class, () -> f.read(ByteBuffer.allocate(1), 0));
        assertThrows(ClosedChannelException.class, f::size);
    }

    @Test
    void otherErrorsCarryTheErrnoName() throws Exception {
        try (UringFile d = Backend.URING.openFile(dir, READ)) {
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> d.read(ByteBuffer.allocate(10), 0));
            assertTrue(e.getMessage().contains("EISDIR"), e.getMessage());
        }
    }

    @Test
    void pathOperations() throws Exception {
        Path d = dir.resolve("d");
        UringFiles.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertTrue(UringFiles.stat(d).isDirectory());
        assertEquals(0700, UringFiles.stat(d).permissions());
        assertThrows(FileAlreadyExistsException.class, () -> UringFiles.createDirectory(d));
        Path f = Files.write(d.resolve("a"), new byte[3]);
        assertThrows(DirectoryNotEmptyException.class, () -> UringFiles.delete(d));
        Path g = d.resolve("b");
        UringFiles.createLink(g, f);
        assertEquals(2, UringFiles.stat(f).links());
        UringFiles.delete(g);
        Files.write(g, new byte[5]);
        Path s = UringFiles.createSymbolicLink(d.resolve("s"), f);
        assertTrue(UringFiles.stat(s, LinkOption.NOFOLLOW_LINKS).isSymbolicLink());
        assertEquals(3, UringFiles.stat(s).size());
        assertEquals(1, UringFiles.stat(f).links());
        assertThrows(FileAlreadyExistsException.class, () -> UringFiles.move(g, f));
        UringFiles.move(g, f, StandardCopyOption.REPLACE_EXISTING);
        assertFalse(UringFiles.exists(g));
        assertEquals(5, UringFiles.stat(f).size());
        UringFiles.delete(s);
        UringFiles.delete(f);
        UringFiles.delete(d);
        assertThrows(NoSuchFileException.class, () -> UringFiles.delete(d));
        assertFalse(UringFiles.deleteIfExists(d));
        assertThrows(NoSuchFileException.class, () -> UringFiles.stat(d));
    }

    @Test
    void directIoWithAlignedBuffersWorksAndMisalignedIsRefusedUpFront() throws Exception {
        Path p = dir.resolve("direct");
        byte[] data = FileRoundTripTest.random(1 << 20, 9);
        Files.write(p, data);
        try (UringFile f = Backend.URING.openFile(p, Set.of(READ, WRITE, UringOpenOption.DIRECT))) {
            FileStat st = f.stat();
            int align = Math.max(st.dioMemAlign(), st.dioOffsetAlign());
            assumeTrue(align > 0 || true);
            ByteBuffer aligned = ByteBuffer.allocateDirect(8192 + 4096).alignedSlice(4096).limit(8192);
            f.readFully(aligned, 4096);
            aligned.flip();
            for (int i = 0; i < 8192; i++) {
                assertEquals(data[4096 + i], aligned.get(i));
            }
            ByteBuffer heap = ByteBuffer.allocate(4096);
            assertEquals(4096, f.read(heap, 0), "heap buffers go through aligned bounce buffers");
            assertEquals(data[0], heap.get(0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.read(ByteBuffer.allocateDirect(8192 + 4096).alignedSlice(4096).position(1), 0));
            assertTrue(e.getMessage().contains("aligned to"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> f.read(aligned.clear(), 100));
            assertTrue(e.getMessage().contains("multiples of"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> f.write(ByteBuffer.allocate(100), 0));
            assertTrue(e.getMessage().contains("multiples of"), e.getMessage());
            ByteBuffer out = ByteBuffer.allocateDirect(8192).alignedSlice(4096).limit(4096);
            while (out.hasRemaining()) {
                out.put((byte) 5);
            }
            f.write(out.flip(), 0);
        }
        assertEquals(5, Files.readAllBytes(p)[4095]);
    }

    // ------------------------------------------------------------- blocking reads: a FIFO never ends

    private static void assumeWakeable(Backend b) {
        assumeTrue(b == Backend.URING, "the JDK's FileChannel cannot wake a virtual thread blocked in "
                + "read(2) on a FIFO: its close waits for the read forever (NativeThreadSet.signalAndWait)");
    }

    private Path fifo() throws Exception {
        Path p = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).start().waitFor());
        return p;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void interruptOfABlockedReadClosesTheFileAndThrowsClosedByInterrupt(Backend b) throws Exception {
        assumeWakeable(b);
        Path p = fifo();
        int fdsBefore = Fds.count();
        UringFile f = b.openFile(p, READ, WRITE); // O_RDWR: opening a FIFO this way does not block
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                f.read(ByteBuffer.allocateDirect(16), 0);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("status lost", e));
            }
        });
        Thread.sleep(100);
        t.interrupt();
        Throwable e = outcome.get(10, TimeUnit.SECONDS);
        assertInstanceOf(ClosedByInterruptException.class, e);
        assertFalse(f.isOpen(), "interrupt closed the file");
        t.join();
        assertTrue(Fds.count() <= fdsBefore, "no fd leaked: " + fdsBefore + " before, " + Fds.count() + " after");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void closeFromAnotherThreadEndsABlockedReadWithAsynchronousClose(Backend b) throws Exception {
        assumeWakeable(b);
        Path p = fifo();
        int fdsBefore = Fds.count();
        UringFile f = b.openFile(p, READ, WRITE);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.read(ByteBuffer.allocate(16));
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        Thread.sleep(100);
        f.close();
        assertInstanceOf(AsynchronousCloseException.class, outcome.get(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Fds.count() > fdsBefore && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(Fds.count() <= fdsBefore, "the fd was closed once the read left the kernel: " + fdsBefore + " before, " + Fds.count() + " after");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void callOnAnInterruptedThreadClosesTheFile(Backend b) throws Exception {
        Path p = Files.write(dir.resolve("f"), new byte[10]);
        UringFile f = b.openFile(p, READ);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            Thread.currentThread().interrupt();
            try {
                f.read(ByteBuffer.allocate(4), 0);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        assertInstanceOf(ClosedByInterruptException.class, outcome.get(10, TimeUnit.SECONDS));
        assertFalse(f.isOpen());
    }

    @Test
    void noDescriptorLeaksAfterManyOpensAndFailures() throws Exception {
        Path p = Files.write(dir.resolve("f"), new byte[10]);
        int before = Fds.count();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            try (UringFile f = Backend.URING.openFile(p, READ)) {
                seen.add(Integer.parseInt(f.descriptorPath().getFileName().toString())); // /proc/self/fd/N
                f.read(ByteBuffer.allocate(10), 0);
            }
            assertThrows(NoSuchFileException.class, () -> Backend.URING.openFile(dir.resolve("nope"), READ));
        }
        assertTrue(Fds.count() <= before, "no descriptor leaked: " + before + " before, " + Fds.count() + " after");
        assertTrue(seen.size() <= 2, "fd numbers are reused: the descriptors really closed: " + seen);
    }
}

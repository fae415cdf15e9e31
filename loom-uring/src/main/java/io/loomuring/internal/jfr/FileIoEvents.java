package io.loomuring.internal.jfr;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link FileReadEvent}, {@link FileWriteEvent} and {@link FileTransferEvent} around one file
 * operation given as a lambda: for the segment, vectored and transfer paths. (The single-buffer reads and writes, the hottest, spell the same
 * bracket out so that no lambda is made when no recording wants the event.)
 */
public final class FileIoEvents {
    private FileIoEvents() {}

    /** A file operation: the bytes moved, -1 at end of file. */
    @FunctionalInterface
    public interface Io {
        long run() throws IOException;
    }

    /** Runs {@code read}, raising a {@link FileReadEvent} for {@code path} when a recording wants one. */
    public static long read(Path path, Io read) throws IOException {
        FileReadEvent e = new FileReadEvent();
        if (!e.isEnabled()) {
            return read.run();
        }
        long n = 0;
        e.begin();
        try {
            n = read.run();
            return n;
        } finally {
            e.end();
            if (e.shouldCommit()) {
                e.path = path.toString();
                e.bytesRead = Math.max(n, 0);
                e.endOfFile = n < 0;
                e.commit();
            }
        }
    }

    /** Runs {@code write}, raising a {@link FileWriteEvent} for {@code path} when a recording wants one. */
    public static long write(Path path, Io write) throws IOException {
        FileWriteEvent e = new FileWriteEvent();
        if (!e.isEnabled()) {
            return write.run();
        }
        long n = 0;
        e.begin();
        try {
            n = write.run();
            return n;
        } finally {
            e.end();
            if (e.shouldCommit()) {
                e.path = path.toString();
                e.bytesWritten = n;
                e.commit();
            }
        }
    }

    /** Runs {@code transfer}, raising a {@link FileTransferEvent} for {@code path} when a recording wants one. */
    public static long transfer(Path path, boolean toSocket, Io transfer) throws IOException {
        FileTransferEvent e = new FileTransferEvent();
        if (!e.isEnabled()) {
            return transfer.run();
        }
        long n = 0;
        e.begin();
        try {
            n = transfer.run();
            return n;
        } finally {
            e.end();
            if (e.shouldCommit()) {
                e.path = path.toString();
                e.toSocket = toSocket;
                e.bytes = n;
                e.commit();
            }
        }
    }
}

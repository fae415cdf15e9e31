package io.loomuring.backend;

import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import io.loomuring.UringOpenOption;
import io.loomuring.poller.kernel.FileFlags;

/**
 * Open options turned into {@code open(2)} flags and mode with the JDK's rules: READ when nothing
 * says otherwise, APPEND implies WRITE, READ with APPEND and APPEND with TRUNCATE_EXISTING are
 * refused, CREATE_NEW wins over CREATE, TRUNCATE_EXISTING only with WRITE.
 */
public record OpenSpec(int flags, int mode, boolean read, boolean write, boolean append, boolean direct,
                boolean deleteOnClose) {

    public static OpenSpec of(Set<? extends OpenOption> options, FileAttribute<?>... attrs) {
        boolean read = false, write = false, append = false, create = false, createNew = false,
                truncate = false, direct = false, deleteOnClose = false;
        int extra = 0;
        for (OpenOption o : options) {
            if (o == null) {
                throw new NullPointerException("null open option");
            } else if (o instanceof StandardOpenOption s) {
                switch (s) {
                    case READ -> read = true;
                    case WRITE -> write = true;
                    case APPEND -> append = true;
                    case CREATE -> create = true;
                    case CREATE_NEW -> createNew = true;
                    case TRUNCATE_EXISTING -> truncate = true;
                    case DSYNC -> extra |= FileFlags.O_DSYNC;
                    case SYNC -> extra |= FileFlags.O_SYNC;
                    case DELETE_ON_CLOSE -> deleteOnClose = true;
                    case SPARSE -> { } // a hint: Linux files are sparse anyway
                }
            } else if (o == LinkOption.NOFOLLOW_LINKS) {
                extra |= FileFlags.O_NOFOLLOW;
            } else if (o == UringOpenOption.DIRECT) {
                direct = true;
                extra |= FileFlags.O_DIRECT;
            } else if (o == UringOpenOption.NOATIME) {
                extra |= 01000000; // O_NOATIME
            } else {
                throw new UnsupportedOperationException("unsupported open option: " + o);
            }
        }
        if (append) {
            write = true;
            if (read) {
                throw new IllegalArgumentException("READ + APPEND not allowed");
            }
            if (truncate) {
                throw new IllegalArgumentException("APPEND + TRUNCATE_EXISTING not allowed");
            }
        }
        if (!read && !write) {
            read = true;
        }
        int flags = (read && write) ? FileFlags.O_RDWR : write ? FileFlags.O_WRONLY : FileFlags.O_RDONLY;
        if (write) {
            if (createNew) {
                flags |= FileFlags.O_CREAT | FileFlags.O_EXCL;
            } else if (create) {
                flags |= FileFlags.O_CREAT;
            }
            if (truncate) {
                flags |= FileFlags.O_TRUNC;
            }
        }
        if (append) {
            flags |= FileFlags.O_APPEND;
        }
        return new OpenSpec(flags | extra, mode(0666, attrs), read, write, append, direct, deleteOnClose);
    }

    /** The mode from a {@code posix:permissions} attribute, else {@code dflt} (the umask applies). */
    public static int mode(int dflt, FileAttribute<?>... attrs) {
        for (FileAttribute<?> a : attrs) {
            if (!a.name().equals("posix:permissions") && !a.name().equals("unix:permissions")) {
                throw new UnsupportedOperationException("'" + a.name() + "' not supported as initial attribute");
            }
            int m = 0;
            for (Object p : (Set<?>) a.value()) {
                m |= switch ((PosixFilePermission) p) {
                    case OWNER_READ -> 0400;
                    case OWNER_WRITE -> 0200;
                    case OWNER_EXECUTE -> 0100;
                    case GROUP_READ -> 040;
                    case GROUP_WRITE -> 020;
                    case GROUP_EXECUTE -> 010;
                    case OTHERS_READ -> 04;
                    case OTHERS_WRITE -> 02;
                    case OTHERS_EXECUTE -> 01;
                };
            }
            dflt = m;
        }
        return dflt;
    }
}

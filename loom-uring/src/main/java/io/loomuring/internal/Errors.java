package io.loomuring.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import io.loomuring.poller.kernel.Errno;

/**
 * The JDK's exception for each errno, with the errno name in every message.
 */
public final class Errors {
    private Errors() {}

    /**
     * For a failed path operation ({@code openat}, {@code mkdirat}, {@code statx}, ...), with the
     * types {@code sun.nio.fs.UnixException} chooses: EACCES is {@link AccessDeniedException} but
     * EPERM a {@link FileSystemException} ("Operation not permitted"), and so is ENOTDIR (a path
     * through a regular file): the JDK throws {@code NotDirectoryException} only when a directory
     * stream is opened.
     */
    public static IOException forPath(int errno, String path, String other, String op) {
        int e = Math.abs(errno);
        return switch (e) {
            case Errno.ENOENT -> new NoSuchFileException(path, other, null);
            case Errno.EEXIST -> new FileAlreadyExistsException(path, other, null);
            case Errno.EACCES -> new AccessDeniedException(path, other, op + ": " + Errno.name(e));
            case Errno.ENOTEMPTY -> new DirectoryNotEmptyException(path);
            default -> new FileSystemException(path, other, op + " failed: " + describe(e));
        };
    }

    /** For a failed operation on an open descriptor ({@code read}, {@code fsync}, ...). */
    public static IOException forFd(int errno, String op) {
        return new IOException(op + " failed: " + describe(Math.abs(errno)));
    }

    /**
     * For a failed socket operation, with the JDK's types and messages: {@link java.net.ConnectException}
     * ("Connection refused"), {@link java.net.SocketException} ("Connection reset", "Broken pipe"),
     * {@link java.net.BindException} ("Address already in use"), {@link java.net.NoRouteToHostException};
     * otherwise a {@code SocketException} naming the errno.
     */
    public static IOException forSocket(int errno, String op) {
        int e = Math.abs(errno);
        return switch (e) {
            case Errno.ECONNREFUSED -> new java.net.ConnectException("Connection refused");
            case Errno.ECONNRESET -> new java.net.SocketException("Connection reset");
            case Errno.EPIPE -> new java.net.SocketException("Broken pipe");
            case Errno.EADDRINUSE -> new java.net.BindException("Address already in use");
            case Errno.EADDRNOTAVAIL -> new java.net.BindException("Cannot assign requested address");
            case Errno.ENETUNREACH, Errno.EHOSTUNREACH -> new java.net.NoRouteToHostException(describe(e));
            case Errno.ETIMEDOUT -> op.startsWith("connect") ? new java.net.ConnectException("Connection timed out")
                    : new java.net.SocketException("Connection timed out");
            default -> new java.net.SocketException(op + " failed: " + describe(e));
        };
    }

    /**
     * For a failed datagram send or receive: as {@link #forSocket}, except that {@code ECONNREFUSED}
     * — an ICMP port unreachable reported to a connected datagram socket — is the JDK's
     * {@link java.net.PortUnreachableException} (no message).
     */
    public static IOException forDatagram(int errno, String op) {
        return Math.abs(errno) == Errno.ECONNREFUSED ? new java.net.PortUnreachableException() : forSocket(errno, op);
    }

    /** {@code ENAME (description)}. */
    public static String describe(int errno) {
        int e = Math.abs(errno);
        String what = switch (e) {
            case Errno.EIO -> "Input/output error";
            case Errno.EBADF -> "Bad file descriptor";
            case Errno.EINVAL -> "Invalid argument";
            case Errno.ENOSPC -> "No space left on device";
            case Errno.EFBIG -> "File too large";
            case Errno.EISDIR -> "Is a directory";
            case Errno.EROFS -> "Read-only file system";
            case Errno.ELOOP -> "Too many levels of symbolic links";
            case Errno.ENAMETOOLONG -> "File name too long";
            case Errno.EMFILE -> "Too many open files";
            case Errno.ENFILE -> "Too many open files in system";
            case Errno.EOPNOTSUPP -> "Operation not supported";
            case Errno.EPIPE -> "Broken pipe";
            case Errno.EPERM -> "Operation not permitted";
            case Errno.ESPIPE -> "Illegal seek";
            case Errno.ECONNRESET -> "Connection reset by peer";
            case Errno.ECONNREFUSED -> "Connection refused";
            case Errno.ETIMEDOUT -> "Connection timed out";
            case Errno.EADDRINUSE -> "Address already in use";
            case Errno.EADDRNOTAVAIL -> "Cannot assign requested address";
            case Errno.ENETUNREACH -> "Network is unreachable";
            case Errno.EHOSTUNREACH -> "No route to host";
            case Errno.ENOTCONN -> "Transport endpoint is not connected";
            case Errno.EAGAIN -> "Resource temporarily unavailable";
            case Errno.ECANCELED -> "Operation canceled";
            case 18 -> "Invalid cross-device link";
            default -> null;
        };
        return what == null ? Errno.name(e) : Errno.name(e) + " (" + what + ")";
    }
}

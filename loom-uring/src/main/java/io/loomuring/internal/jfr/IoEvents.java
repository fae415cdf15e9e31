package io.loomuring.internal.jfr;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.function.Supplier;

import io.loomuring.poller.PollerGroup;
import io.loomuring.poller.carrier.CarrierScheduler;

/**
 * Where loom-uring's operations meet JFR: each method runs one operation and, when a recording
 * wants its event, records it ({@code io.loomuring.SocketRead}, {@code FileWrite}, ...), the
 * bracket written once in {@link Recorder}. No type of {@code jdk.jfr} appears here: on a runtime
 * without the {@code jdk.jfr} module (a jlinked image, {@code --limit-modules java.base}) the
 * operations just run, and no event class is ever loaded. Each method asks whether a recording wants
 * its kind before anything is made for the event: with none, the operation runs alone.
 *
 * <p>Threads: any.
 */
public final class IoEvents {
    private IoEvents() {}

    /** Whether the runtime has {@code jdk.jfr}: checked once. */
    public static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    /** An operation: the bytes moved, -1 at end of stream or file. */
    @FunctionalInterface
    public interface Io {
        long run() throws IOException;
    }

    /** An operation that makes something (a file, a connection). */
    @FunctionalInterface
    public interface Make<T> {
        T run() throws IOException;
    }

    /** The remote address of what an accept made, for its event. */
    @FunctionalInterface
    public interface RemoteOf<T> {
        SocketAddress of(T made);
    }

    /*
     * Whether a recording takes each kind of event. A hot path asks first and, when not, runs the
     * operation itself: the lambda handed to the methods below reaches a call site that sees every
     * operation's lambda (megamorphic), and keeping it off the heap would be left to the JIT's
     * inlining. Measured, the JIT did keep it off (the same bytes per request either way:
     * docs/design/jfr.md); the branch makes that independent of inlining.
     */

    /** Whether a recording takes {@code SocketRead} events. */
    public static boolean socketReadOn() {
        return PRESENT && Recorder.socketReadOn();
    }

    /** Whether a recording takes {@code SocketWrite} events. */
    public static boolean socketWriteOn() {
        return PRESENT && Recorder.socketWriteOn();
    }

    /** Whether a recording takes {@code FileRead} events. */
    public static boolean fileReadOn() {
        return PRESENT && Recorder.fileReadOn();
    }

    /** Whether a recording takes {@code FileWrite} events. */
    public static boolean fileWriteOn() {
        return PRESENT && Recorder.fileWriteOn();
    }

    /** A socket read from {@code remote} bounded by {@code timeoutMillis} (0: none): {@code SocketRead}. */
    public static long socketRead(SocketAddress remote, long timeoutMillis, Io read) throws IOException {
        return PRESENT && Recorder.socketReadOn() ? Recorder.socketRead(remote, timeoutMillis, read) : read.run();
    }

    /** A socket write to {@code remote}: {@code SocketWrite}. */
    public static long socketWrite(SocketAddress remote, Io write) throws IOException {
        return PRESENT && Recorder.socketWriteOn() ? Recorder.socketWrite(remote, write) : write.run();
    }

    /** A connect to {@code remote} bounded by {@code timeoutMillis}: {@code SocketConnect}. */
    public static void socketConnect(SocketAddress remote, long timeoutMillis, Io connect) throws IOException {
        if (PRESENT && Recorder.socketConnectOn()) {
            Recorder.socketConnect(remote, timeoutMillis, connect);
        } else {
            connect.run();
        }
    }

    /** An accept: {@code SocketAccept}, with the remote address of the connection it returned. */
    public static <T> T socketAccept(Make<T> accept, RemoteOf<T> remote) throws IOException {
        return PRESENT && Recorder.socketAcceptOn() ? Recorder.socketAccept(accept, remote) : accept.run();
    }

    /** An open of {@code path}: {@code FileOpen}. */
    public static <T> T fileOpen(Path path, Make<T> open) throws IOException {
        return PRESENT && Recorder.fileOpenOn() ? Recorder.fileOpen(path, open) : open.run();
    }

    /** A read of {@code path}: {@code FileRead}. */
    public static long fileRead(Path path, Io read) throws IOException {
        return PRESENT && Recorder.fileReadOn() ? Recorder.fileRead(path, read) : read.run();
    }

    /** A write of {@code path}: {@code FileWrite}. */
    public static long fileWrite(Path path, Io write) throws IOException {
        return PRESENT && Recorder.fileWriteOn() ? Recorder.fileWrite(path, write) : write.run();
    }

    /** An fsync ({@code metaData}) or fdatasync of {@code path}: {@code FileForce}. */
    public static void fileForce(Path path, boolean metaData, Io force) throws IOException {
        if (PRESENT && Recorder.fileForceOn()) {
            Recorder.fileForce(path, metaData, force);
        } else {
            force.run();
        }
    }

    /** A transfer between {@code path} and a socket: {@code FileTransfer}. */
    public static long fileTransfer(Path path, boolean toSocket, Io transfer) throws IOException {
        return PRESENT && Recorder.fileTransferOn() ? Recorder.fileTransfer(path, toSocket, transfer) : transfer.run();
    }

    /**
     * Registers the periodic {@code RingStatistics} event for {@code group} and the carriers
     * {@code carriers} gives once started; once per process, nothing without {@code jdk.jfr}.
     */
    public static void registerRingStatistics(PollerGroup group, Supplier<CarrierScheduler> carriers) {
        if (PRESENT) {
            RingStatisticsEvent.register(group, carriers);
        }
    }
}

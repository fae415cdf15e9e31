package io.loomuring.internal.jfr;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;

import jdk.jfr.Event;

/**
 * The JFR side of {@link IoEvents}: one bracket — begin, run, end, and when the event passes its
 * threshold fill it in from what the operation returned and commit — for every kind of event.
 * Loaded only when the runtime has {@code jdk.jfr}. An event that no recording enables costs its
 * kind's {@code isEnabled()} check (a constant once JFR has instrumented the class) and nothing
 * else: {@link IoEvents} asks the kind's probe ({@link #socketReadOn} and its siblings) before anything is allocated for the event — not the
 * event, not the operation's lambda, which the JIT then keeps off the heap.
 */
final class Recorder {
    private Recorder() {}

    // One instance of each event class, only asked isEnabled() — a property of the class (whether a
    // recording enables it), the same answer from any instance; never begun or committed. One field
    // and one method per kind, so that each IoEvents call site sees a single class and the JIT
    // folds the question to the class's answer.
    private static final SocketReadEvent SOCKET_READ_PROBE = new SocketReadEvent();
    private static final SocketWriteEvent SOCKET_WRITE_PROBE = new SocketWriteEvent();
    private static final SocketConnectEvent SOCKET_CONNECT_PROBE = new SocketConnectEvent();
    private static final SocketAcceptEvent SOCKET_ACCEPT_PROBE = new SocketAcceptEvent();
    private static final FileOpenEvent FILE_OPEN_PROBE = new FileOpenEvent();
    private static final FileReadEvent FILE_READ_PROBE = new FileReadEvent();
    private static final FileWriteEvent FILE_WRITE_PROBE = new FileWriteEvent();
    private static final FileForceEvent FILE_FORCE_PROBE = new FileForceEvent();
    private static final FileTransferEvent FILE_TRANSFER_PROBE = new FileTransferEvent();

    static boolean socketReadOn() { return SOCKET_READ_PROBE.isEnabled(); }
    static boolean socketWriteOn() { return SOCKET_WRITE_PROBE.isEnabled(); }
    static boolean socketConnectOn() { return SOCKET_CONNECT_PROBE.isEnabled(); }
    static boolean socketAcceptOn() { return SOCKET_ACCEPT_PROBE.isEnabled(); }
    static boolean fileOpenOn() { return FILE_OPEN_PROBE.isEnabled(); }
    static boolean fileReadOn() { return FILE_READ_PROBE.isEnabled(); }
    static boolean fileWriteOn() { return FILE_WRITE_PROBE.isEnabled(); }
    static boolean fileForceOn() { return FILE_FORCE_PROBE.isEnabled(); }
    static boolean fileTransferOn() { return FILE_TRANSFER_PROBE.isEnabled(); }

    /** Fills event {@code e} from the operation's subject, a detail and its result. */
    private interface Fill<E extends Event> {
        void fill(E e, Object subject, long detail, long result);
    }

    private static <E extends Event> long bracket(E e, Object subject, long detail, IoEvents.Io io, Fill<E> fill)
            throws IOException {
        if (!e.isEnabled()) {
            return io.run();
        }
        long n = 0;
        e.begin();
        try {
            n = io.run();
            return n;
        } finally {
            e.end();
            if (e.shouldCommit()) {
                fill.fill(e, subject, detail, n);
                e.commit();
            }
        }
    }

    private static final Fill<SocketReadEvent> SOCKET_READ = (e, remote, timeout, n) -> {
        e.remote((SocketAddress) remote);
        e.timeout = timeout;
        e.bytesRead = Math.max(n, 0);
        e.endOfStream = n < 0;
    };
    private static final Fill<SocketWriteEvent> SOCKET_WRITE = (e, remote, unused, n) -> {
        e.remote((SocketAddress) remote);
        e.bytesWritten = n;
    };
    private static final Fill<SocketConnectEvent> SOCKET_CONNECT = (e, remote, timeout, n) -> {
        e.remote((SocketAddress) remote);
        e.timeout = timeout;
    };
    private static final Fill<FileReadEvent> FILE_READ = (e, path, unused, n) -> {
        e.path = path.toString();
        e.bytesRead = Math.max(n, 0);
        e.endOfFile = n < 0;
    };
    private static final Fill<FileWriteEvent> FILE_WRITE = (e, path, unused, n) -> {
        e.path = path.toString();
        e.bytesWritten = n;
    };
    private static final Fill<FileForceEvent> FILE_FORCE = (e, path, metaData, n) -> {
        e.path = path.toString();
        e.metaData = metaData != 0;
    };
    private static final Fill<FileTransferEvent> FILE_TRANSFER = (e, path, toSocket, n) -> {
        e.path = path.toString();
        e.toSocket = toSocket != 0;
        e.bytes = n;
    };

    static long socketRead(SocketAddress remote, long timeoutMillis, IoEvents.Io read) throws IOException {
        return bracket(new SocketReadEvent(), remote, timeoutMillis, read, SOCKET_READ);
    }

    static long socketWrite(SocketAddress remote, IoEvents.Io write) throws IOException {
        return bracket(new SocketWriteEvent(), remote, 0, write, SOCKET_WRITE);
    }

    static void socketConnect(SocketAddress remote, long timeoutMillis, IoEvents.Io connect) throws IOException {
        bracket(new SocketConnectEvent(), remote, timeoutMillis, connect, SOCKET_CONNECT);
    }

    static long fileRead(Path path, IoEvents.Io read) throws IOException {
        return bracket(new FileReadEvent(), path, 0, read, FILE_READ);
    }

    static long fileWrite(Path path, IoEvents.Io write) throws IOException {
        return bracket(new FileWriteEvent(), path, 0, write, FILE_WRITE);
    }

    static void fileForce(Path path, boolean metaData, IoEvents.Io force) throws IOException {
        bracket(new FileForceEvent(), path, metaData ? 1 : 0, force, FILE_FORCE);
    }

    static long fileTransfer(Path path, boolean toSocket, IoEvents.Io transfer) throws IOException {
        return bracket(new FileTransferEvent(), path, toSocket ? 1 : 0, transfer, FILE_TRANSFER);
    }

    /**
     * The bracket for an operation that makes an object, filled in from the object (null when the
     * operation failed: then committed only {@code alsoOnFailure}).
     */
    private static <T, E extends Event> T made(E e, IoEvents.Make<T> make, java.util.function.BiConsumer<E, T> fill,
                                               boolean alsoOnFailure) throws IOException {
        if (!e.isEnabled()) {
            return make.run();
        }
        T made = null;
        e.begin();
        try {
            made = make.run();
            return made;
        } finally {
            e.end();
            if ((made != null || alsoOnFailure) && e.shouldCommit()) {
                fill.accept(e, made);
                e.commit();
            }
        }
    }

    static <T> T socketAccept(IoEvents.Make<T> accept, IoEvents.RemoteOf<T> remote) throws IOException {
        return made(new SocketAcceptEvent(), accept, (e, s) -> e.remote(remote.of(s)), false);
    }

    static <T> T fileOpen(Path path, IoEvents.Make<T> open) throws IOException {
        return made(new FileOpenEvent(), open, (e, f) -> e.path = path.toString(), true);
    }
}

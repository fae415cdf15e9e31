package io.loomuring.compat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

import io.loomuring.Backend;
import io.loomuring.Backends;

/**
 * The switch that puts {@link Socket} and {@link ServerSocket} of a program that does not know
 * loom-uring on io_uring: it installs {@link UringSocketImpl} as the JVM's socket implementation
 * through {@link Socket#setSocketImplFactory} and {@link ServerSocket#setSocketFactory} (still in
 * JDK 25, deprecated; once per JVM). Three ways to turn it on:
 * <ul>
 *   <li>as a Java agent: {@code java -javaagent:loom-uring-compat.jar -cp <the loom-uring jars> ...}
 *       (the jar's {@code Premain-Class} is {@link Agent}, which also puts virtual threads on
 *       carrier rings);</li>
 *   <li>as a launcher: {@code java -cp ... io.loomuring.compat.JavaNetSwitch MainClass args...};</li>
 *   <li>from code, before the first socket: {@link #install()}.</li>
 * </ul>
 *
 * <p>Covered: TCP client sockets ({@code new Socket(...)}, and what the JDK builds on them, e.g.
 * {@code HttpURLConnection}) and server sockets, with connect and SO_TIMEOUT timeouts, options,
 * shutdown, interrupt and close as the JDK has them. Not covered: sockets already created when
 * the switch is installed; {@link java.net.DatagramSocket} and {@link java.net.MulticastSocket}
 * (use {@link UringDatagramChannel}); sockets through a SOCKS proxy; {@code available()}
 * (always 0) and urgent data. Where io_uring is unavailable nothing is installed and one WARNING
 * is logged (logger {@code io.loomuring}): the program runs on the JDK's sockets.
 */
public final class JavaNetSwitch {
    private JavaNetSwitch() {}

    private static boolean installed;

    /**
     * Installs the socket factories. Returns true when installed (now or before), false when
     * io_uring is unavailable (logged) — the JDK's sockets then stay.
     *
     * @throws IllegalStateException another socket factory is already installed
     */
    @SuppressWarnings("deprecation")
    public static synchronized boolean install() {
        if (installed) {
            return true;
        }
        if (Backends.current() != Backend.URING) {
            System.getLogger("io.loomuring").log(System.Logger.Level.WARNING,
                    "loom-uring java.net switch not installed, sockets stay on the JDK: " + Backends.reason());
            return false;
        }
        try {
            Socket.setSocketImplFactory(() -> new UringSocketImpl(false));
            ServerSocket.setSocketFactory(() -> new UringSocketImpl(true));
        } catch (IOException e) {
            throw new IllegalStateException("a socket factory is already installed: " + e.getMessage(), e);
        }
        installed = true;
        StatsOnExit.armIfAsked();
        return true;
    }

    /**
     * Launcher: {@link #install()}, then runs {@code args[0]}'s {@code main} with the rest of the
     * arguments, on the calling thread (the JVM's {@code main}). Virtual threads stay on the JDK's
     * scheduler; the agent ({@link Agent}) puts every virtual thread on carrier rings.
     */
    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: java -cp ... " + JavaNetSwitch.class.getName() + " MainClass [args...]");
            System.exit(2);
        }
        if (System.getProperty("loomuring.main") != null) {
            System.getLogger("io.loomuring").log(System.Logger.Level.WARNING, "loom-uring: -Dloomuring.main is retired and ignored;"
                    + " -javaagent:loom-uring-compat.jar runs every virtual thread on carrier rings");
        }
        install();
        Method main = Class.forName(args[0], true, ClassLoader.getSystemClassLoader())
                .getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

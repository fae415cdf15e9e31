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
 *       (the jar's {@code Premain-Class} is this class);</li>
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

    /** Java agent entry point ({@code -javaagent}): {@link #install()}. */
    public static void premain(String agentArgs) {
        install();
    }

    /**
     * Launcher: {@link #install()}, then runs {@code args[0]}'s {@code main} with the rest of the
     * arguments.
     *
     * <p>With {@code -Dloomuring.main=carrier} the program's {@code main} runs on a carrier-ring
     * virtual thread ({@link io.loomuring.LoomUring#carrierThreads()}): its own I/O, and that of
     * every virtual thread it starts (they inherit the scheduler), goes through the carriers'
     * rings. Platform threads it starts, and virtual threads those start, stay on the shared
     * rings. Without carrier rings (no {@code --add-opens java.base/java.lang=ALL-UNNAMED}, no
     * io_uring) {@code main} runs on an ordinary virtual thread, and one line says why. An
     * exception thrown by {@code main} is printed as the JVM prints it and the exit status is 1.
     */
    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: java -cp ... [-Dloomuring.main=carrier] " + JavaNetSwitch.class.getName()
                    + " MainClass [args...]");
            System.exit(2);
        }
        install();
        Method main = Class.forName(args[0], true, ClassLoader.getSystemClassLoader())
                .getMethod("main", String[].class);
        Object[] rest = {Arrays.copyOfRange(args, 1, args.length)};
        if (!"carrier".equals(System.getProperty("loomuring.main"))) {
            try {
                main.invoke(null, rest);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return;
        }
        Throwable[] thrown = new Throwable[1];
        Thread t = io.loomuring.LoomUring.carrierThreads().name("main").start(() -> {
            try {
                main.invoke(null, rest);
            } catch (InvocationTargetException e) {
                thrown[0] = e.getCause();
            } catch (IllegalAccessException e) {
                thrown[0] = e;
            }
        });
        t.join();
        if (thrown[0] != null) {
            System.err.print("Exception in thread \"main\" ");
            thrown[0].printStackTrace();
            System.exit(1);
        }
    }
}

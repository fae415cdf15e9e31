package io.loomuring.compat;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * A program that knows nothing of loom-uring and makes virtual threads every way the JDK offers,
 * from platform threads and from virtual threads, and uses what a program expects of them: yield,
 * timed parks, pinned I/O, JFR's virtual-thread events, a thread dump, daemon status. For each
 * way it prints where the thread ran — "carrier ring" when its carrier is one of loom-uring's
 * (the carrier's name in {@code Thread.toString()}), "jdk" otherwise; everything else it prints
 * is the same on the JDK and under the agent. Argument: a directory for the dump files.
 */
public final class UnmodifiedVirtualThreads {
    private UnmodifiedVirtualThreads() {}

    static String where() {
        return Thread.currentThread().toString().contains("@loom-uring-carrier-") ? "carrier ring" : "jdk";
    }

    static String whereIn(Thread.Builder builder) throws InterruptedException {
        String[] w = new String[1];
        builder.start(() -> w[0] = where()).join();
        return w[0];
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        System.out.println("main virtual: " + Thread.currentThread().isVirtual());
        System.out.println("Thread.ofVirtual: " + whereIn(Thread.ofVirtual()));
        String[] w = new String[1];
        Thread.startVirtualThread(() -> w[0] = where()).join();
        System.out.println("Thread.startVirtualThread: " + w[0]);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            System.out.println("newVirtualThreadPerTaskExecutor: " + ex.submit(UnmodifiedVirtualThreads::where).get());
        }
        ThreadFactory factory = Thread.ofVirtual().name("worker-", 0).factory();
        try (ExecutorService ex = Executors.newThreadPerTaskExecutor(factory)) {
            System.out.println("thread factory: " + ex.submit(UnmodifiedVirtualThreads::where).get());
        }
        Thread platform = new Thread(() -> {
            try {
                System.out.println("from a platform thread: " + whereIn(Thread.ofVirtual()));
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        platform.start();
        platform.join();
        Thread.ofVirtual().start(() -> {
            try {
                System.out.println("from a virtual thread: " + whereIn(Thread.ofVirtual()));
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }).join();

        Set<String> carriers = ConcurrentHashMap.newKeySet();
        Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 1000; i++) {
                String s = Thread.currentThread().toString();
                carriers.add(s.substring(s.indexOf('@') + 1));
                Thread.yield();
            }
        }).join();
        System.out.println("yield: 1000 done");
        System.err.println("carriers seen while yielding: " + carriers.size());

        long[] slept = new long[2];
        Thread.ofVirtual().start(() -> {
            long t0 = System.nanoTime();
            LockSupport.parkNanos(20_000_000L);
            slept[0] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            slept[1] = System.nanoTime() - t0;
        }).join();
        System.out.println("timed park and sleep at least 20 ms: " + (slept[0] >= 19_000_000L && slept[1] >= 20_000_000L));

        pinnedEcho();
        jfr(dir);
        threadDump(dir);

        // a non-daemon platform thread started last keeps the JVM alive after main returns, as on the JDK
        Thread.ofPlatform().start(() -> {
            LockSupport.parkNanos(200_000_000L);
            System.out.println("non-daemon platform thread: outlived main");
        });
        System.out.println("main returns");
    }

    /** 100 virtual threads each echo over loopback while holding a monitor (pinned). */
    static void pinnedEcho() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                while (true) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> {
                            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                                byte[] b = new byte[64];
                                for (int n; (n = in.read(b)) > 0; ) {
                                    out.write(b, 0, n);
                                }
                            } catch (Exception e) {
                                // the client went away
                            }
                        });
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            int clients = 100;
            CountDownLatch done = new CountDownLatch(clients);
            int[] ok = new int[1];
            for (int i = 0; i < clients; i++) {
                Object lock = new Object();
                Thread.ofVirtual().start(() -> {
                    synchronized (lock) {
                        try (Socket c = new Socket(server.getInetAddress(), server.getLocalPort())) {
                            c.getOutputStream().write("ping".getBytes());
                            byte[] b = c.getInputStream().readNBytes(4);
                            if (new String(b).equals("ping")) {
                                synchronized (ok) {
                                    ok[0]++;
                                }
                            }
                        } catch (Exception e) {
                            System.out.println("pinned echo failed: " + e);
                        }
                    }
                    done.countDown();
                });
            }
            done.await();
            System.out.println("pinned echo: " + ok[0] + "/" + clients);
        }
    }

    /** JFR's jdk.VirtualThreadStart and jdk.VirtualThreadEnd for a thread this program starts. */
    static void jfr(Path dir) throws Exception {
        if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
            System.out.println("jfr virtual thread events: seen");
            return;
        }
        Path file = dir.resolve("vt.jfr");
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
            r.enable("jdk.VirtualThreadStart");
            r.enable("jdk.VirtualThreadEnd");
            r.start();
            Thread.ofVirtual().name("jfr-seen").start(() -> { }).join();
            r.stop();
            r.dump(file);
        }
        long seen = jdk.jfr.consumer.RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("jdk.VirtualThread")).count();
        System.out.println("jfr virtual thread events: " + (seen >= 2 ? "seen" : "missing (" + seen + ")"));
    }

    /** A thread dump (the JSON format) names a parked virtual thread. */
    static void threadDump(Path dir) throws Exception {
        CountDownLatch parked = new CountDownLatch(1);
        Thread t = Thread.ofVirtual().name("parked-in-the-dump").start(() -> {
            parked.countDown();
            LockSupport.park();
        });
        parked.await();
        Path file = dir.resolve("threads.json");
        var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        bean.dumpThreads(file.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        System.out.println("thread dump names the virtual thread: " + Files.readString(file).contains("parked-in-the-dump"));
        LockSupport.unpark(t);
        t.join();
    }
}

package io.loomuring.thirdparty;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * An embedded SQL database used as a program would, unmodified: {@code DatabaseProgram DIR SECONDS}
 * creates an H2 database in DIR (deleted first), inserts 200 batches of 500 rows, each committed,
 * creates an index, runs point lookups from 64 virtual threads for SECONDS, closes, and reopens it.
 * Prints {@code RESULT} lines: committed batches per second and CPU per batch, the index's build
 * time, lookups per second and CPU per lookup, the reopen's time, and a checksum of every row — the
 * same on every run, whatever the file system provider.
 */
public final class DatabaseProgram {
    private DatabaseProgram() {}

    private static final int BATCHES = 200, ROWS = 500;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        double seconds = Double.parseDouble(args[1]);
        System.out.println("RESULT phase=provider name=" + dir.getFileSystem().provider().getClass().getName());
        SearchProgram.deleteTree(dir);
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();

        long c0 = SearchProgram.cpuNanos(), t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE item(id BIGINT PRIMARY KEY, k INT, v VARCHAR(200))");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO item VALUES (?, ?, ?)")) {
                for (int b = 0; b < BATCHES; b++) {
                    for (int r = 0; r < ROWS; r++) {
                        long id = (long) b * ROWS + r;
                        ps.setLong(1, id);
                        ps.setInt(2, (int) ((id * 7919) % 100_000));
                        ps.setString(3, "value " + id + " " + "x".repeat((int) (id % 97)));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                }
            }
            report("insert", "batches", BATCHES, t0, c0);

            c.setAutoCommit(true);
            long c1 = SearchProgram.cpuNanos(), t1 = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE INDEX item_k ON item(k)");
            }
            report("index", "indexes", 1, t1, c1);

            lookups(url, Math.min(1, seconds)); // warm-up
            long c2 = SearchProgram.cpuNanos(), t2 = System.nanoTime();
            long n = lookups(url, seconds);
            report("lookup", "lookups", n, t2, c2);
        }

        long c3 = SearchProgram.cpuNanos(), t3 = System.nanoTime();
        long sum;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(k), SUM(LENGTH(v)) FROM item")) {
            rs.next();
            report("reopen", "opens", 1, t3, c3);
            sum = rs.getLong(1) * 1_000_003L + rs.getLong(2) * 31 + rs.getLong(3);
        }
        System.out.printf(Locale.ROOT, "RESULT phase=check checksum=%d%n", sum);
    }

    private static void report(String phase, String what, long n, long t0, long c0) {
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT phase=%s %s=%d perSec=%.1f ms=%.1f cpuUsPerOp=%.1f%n",
                phase, what, n, n / secs, secs * 1e3, (SearchProgram.cpuNanos() - c0) / 1e3 / Math.max(1, n));
    }

    /** 64 virtual threads, a connection each, looking rows up by the indexed column for {@code seconds}. */
    private static long lookups(String url, double seconds) throws Exception {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        LongAdder n = new LongAdder();
        AtomicReference<Exception> failed = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 64; t++) {
            int seed = t;
            ts.add(Thread.ofVirtual().start(() -> {
                try (Connection c = DriverManager.getConnection(url);
                     PreparedStatement ps = c.prepareStatement("SELECT v FROM item WHERE k = ?")) {
                    int i = seed;
                    while (System.nanoTime() < until) {
                        ps.setInt(1, (i++ * 104_729) % 100_000);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rs.getString(1);
                            }
                        }
                        n.increment();
                    }
                } catch (SQLException e) {
                    failed.set(e);
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return n.sum();
    }
}

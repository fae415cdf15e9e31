package io.loomuring.thirdparty;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * A search library used as a program would, unmodified: {@code SearchProgram DIR FILES SECONDS}
 * extracts FILES Java sources from the JDK's {@code lib/src.zip} into DIR/src (once), builds a
 * Lucene index of them in DIR/index (each file read with {@code Files.readString}, the index
 * written through {@code FSDirectory}), then searches it from 64 virtual threads for SECONDS
 * (term queries over a fixed word list). Prints {@code RESULT} lines: files indexed per second and
 * CPU per file, queries per second and CPU per query, and a checksum of every query's hit count and
 * top scores — the same on every run of the same files, whatever the file system provider.
 */
public final class SearchProgram {
    private SearchProgram() {}

    private static final String[] WORDS = {"public", "static", "final", "return", "class", "thread",
        "buffer", "channel", "lock", "stream", "exception", "null", "interface", "private", "synchronized",
        "volatile", "array", "string", "length", "index", "charset", "socket", "file", "path", "map"};

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int files = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        System.out.println("RESULT phase=provider name=" + dir.getFileSystem().provider().getClass().getName());
        List<Path> sources = extract(dir.resolve("src"), files);
        Path index = dir.resolve("index");
        deleteTree(index);

        long cpu0 = cpuNanos(), t0 = System.nanoTime();
        try (Directory d = FSDirectory.open(index);
             IndexWriter w = new IndexWriter(d, new IndexWriterConfig(new StandardAnalyzer()))) {
            List<Thread> ts = new ArrayList<>();
            int threads = 8;
            for (int t = 0; t < threads; t++) {
                int first = t;
                ts.add(Thread.ofVirtual().start(() -> {
                    for (int i = first; i < sources.size(); i += threads) {
                        try {
                            Path p = sources.get(i);
                            Document doc = new Document();
                            doc.add(new StringField("path", p.toString(), Field.Store.YES));
                            doc.add(new TextField("body", Files.readString(p), Field.Store.NO));
                            w.addDocument(doc);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            w.forceMerge(1);
            w.commit();
        }
        double indexSecs = (System.nanoTime() - t0) / 1e9;
        long indexCpu = cpuNanos() - cpu0;
        System.out.printf(Locale.ROOT, "RESULT phase=index files=%d filesPerSec=%.1f cpuUsPerFile=%.1f%n",
                sources.size(), sources.size() / indexSecs, indexCpu / 1e3 / sources.size());

        try (Directory d = FSDirectory.open(index); DirectoryReader r = DirectoryReader.open(d)) {
            IndexSearcher s = new IndexSearcher(r);
            System.out.printf(Locale.ROOT, "RESULT phase=check checksum=%d docs=%d%n", checksum(s), r.numDocs());
            search(s, Math.min(2, seconds)); // warm-up
            long c0 = cpuNanos(), s0 = System.nanoTime();
            long q = search(s, seconds);
            double secs = (System.nanoTime() - s0) / 1e9;
            System.out.printf(Locale.ROOT, "RESULT phase=search queries=%d queriesPerSec=%.1f cpuUsPerQuery=%.1f%n",
                    q, q / secs, (cpuNanos() - c0) / 1e3 / Math.max(1, q));
        }
    }

    /**
     * Every word's hit count and top 10 scores, hashed. Not the documents: eight threads add them in
     * an order that differs from run to run, and among equal scores the lower document number wins.
     */
    private static long checksum(IndexSearcher s) throws IOException {
        long h = 0;
        for (String word : WORDS) {
            TermQuery q = new TermQuery(new Term("body", word));
            h = h * 31 + s.count(q); // exact: a top-10 search counts hits exactly only up to 1,000
            TopDocs top = s.search(q, 10);
            for (ScoreDoc sd : top.scoreDocs) {
                h = h * 31 + Float.floatToIntBits(sd.score);
            }
        }
        return h;
    }

    private static long search(IndexSearcher s, double seconds) throws InterruptedException {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        LongAdder n = new LongAdder();
        AtomicLong failures = new AtomicLong();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 64; t++) {
            int seed = t;
            ts.add(Thread.ofVirtual().start(() -> {
                int i = seed;
                while (System.nanoTime() < until) {
                    try {
                        s.search(new TermQuery(new Term("body", WORDS[i++ % WORDS.length])), 10);
                        n.increment();
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " queries failed");
        }
        return n.sum();
    }

    /** The first {@code count} {@code .java} entries of the JDK's src.zip, extracted under {@code to} once. */
    static List<Path> extract(Path to, int count) throws IOException {
        List<Path> out = new ArrayList<>();
        Path zip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; out.size() < count && (e = z.getNextEntry()) != null; ) {
                if (e.isDirectory() || !e.getName().endsWith(".java")) {
                    continue;
                }
                Path p = to.resolve(e.getName());
                if (!Files.exists(p)) {
                    Files.createDirectories(p.getParent());
                    Files.write(p, z.readAllBytes());
                }
                out.add(p);
            }
        }
        return out;
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}

package io.loomuring.bench;

/** Runs a body on {@code threads} virtual threads, {@code each} times per thread, and joins them. */
final class FanOut {
    private FanOut() {}

    interface Body {
        void run(int thread, int i) throws Exception;
    }

    static void run(int threads, int each, Body body) throws Exception {
        run(Thread.ofVirtual(), threads, each, body);
    }

    /** {@link #run(int, int, Body)} on threads made by {@code builder} (carrier rings, say). */
    static void run(Thread.Builder builder, int threads, int each, Body body) throws Exception {
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int k = t;
            ts[t] = builder.start(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        body.run(k, i);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
    }
}

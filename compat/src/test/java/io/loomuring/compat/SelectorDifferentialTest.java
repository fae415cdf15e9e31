package io.loomuring.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Selector scenarios run on the JDK's selector and channels and on compat's, on a platform thread
 * and on a virtual thread; what the program sees (return values, ready sets, exceptions) must be
 * the same trace.
 */
class SelectorDifferentialTest {
    private static final SelectorProvider JDK = SelectorProvider.provider();
    private static final SelectorProvider URING = UringSelectorProvider.INSTANCE;

    interface Scenario {
        void run(SelectorProvider p, List<String> trace) throws Exception;
    }

    private static List<String> trace(SelectorProvider p, Scenario s, boolean virtual) throws Exception {
        List<String> t = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Runnable body = () -> {
            try {
                s.run(p, t);
            } catch (Throwable e) {
                failed.set(e);
            }
        };
        Thread th = virtual ? Thread.ofVirtual().start(body) : Thread.ofPlatform().start(body);
        th.join();
        if (failed.get() != null) {
            throw new AssertionError(p + ": " + failed.get(), failed.get());
        }
        return t;
    }

    private static void same(Scenario s) throws Exception {
        for (boolean virtual : new boolean[] {false, true}) {
            List<String> jdk = trace(JDK, s, virtual);
            List<String> ours = trace(URING, s, virtual);
            assertEquals(jdk, ours, (virtual ? "virtual" : "platform") + " thread");
            assertTrue(jdk.size() > 3, "the scenario ran: " + jdk);
        }
    }

    private static String ops(SelectionKey k) {
        return "r" + k.readyOps() + "i" + k.interestOps();
    }

    /** Selects until at least one key is ready (bounded); returns the count of the last select. */
    private static int selectSome(Selector sel) throws IOException {
        for (int i = 0; i < 50; i++) {
            int n = sel.select(200);
            if (n > 0 || !sel.selectedKeys().isEmpty()) {
                return n;
            }
        }
        return 0;
    }

    @Test
    void acceptConnectReadWriteAndLevelTriggeredReadiness() throws Exception {
        same((p, t) -> {
            try (Selector sel = p.openSelector();
                 ServerSocketChannel server = p.openServerSocketChannel();
                 SocketChannel client = p.openSocketChannel()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                server.configureBlocking(false);
                t.add("accept none: " + server.accept());
                SelectionKey sk = server.register(sel, SelectionKey.OP_ACCEPT);
                client.configureBlocking(false);
                boolean at = client.connect(server.getLocalAddress());
                SelectionKey ck = client.register(sel, at ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
                if (!at) {
                    while (!client.finishConnect()) {
                        sel.select(200);
                    }
                }
                t.add("connected " + client.isConnected() + " pending " + client.isConnectionPending());
                sel.selectedKeys().clear();
                ck.interestOps(0);
                selectSome(sel);
                t.add("accept ready " + sk.isAcceptable() + " " + sel.selectedKeys().contains(sk));
                SocketChannel accepted = server.accept();
                t.add("accepted blocking " + accepted.isBlocking());
                sel.selectedKeys().clear();
                t.add("selectNow after accept " + sel.selectNow());
                accepted.configureBlocking(false);
                ByteBuffer buf = ByteBuffer.allocate(64);
                t.add("read empty " + accepted.read(buf));
                SelectionKey ak = accepted.register(sel, SelectionKey.OP_READ, "att");
                t.add("selectNow nothing " + sel.selectNow());
                client.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
                selectSome(sel);
                t.add("readable " + sel.selectedKeys().contains(ak) + " " + ops(ak) + " " + ak.attachment());
                sel.selectedKeys().clear();
                // level-triggered: not read yet, reported again
                t.add("again " + sel.select(1000) + " " + sel.selectedKeys().contains(ak));
                sel.selectedKeys().clear();
                t.add("read " + accepted.read(buf));
                t.add("after read " + sel.selectNow());
                // ready set accumulates while the key stays selected
                ak.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                selectSome(sel);
                t.add("writable " + ops(ak));
                client.write(ByteBuffer.wrap("x".getBytes(StandardCharsets.US_ASCII)));
                Thread.sleep(50);
                sel.select(1000);
                t.add("accumulated " + ops(ak));
                try {
                    accepted.configureBlocking(true);
                    t.add("configureBlocking while registered: no exception");
                } catch (IllegalBlockingModeException e) {
                    t.add("configureBlocking while registered: " + e.getClass().getSimpleName());
                }
                try {
                    sel.selectedKeys().add(ak);
                } catch (UnsupportedOperationException e) {
                    t.add("selectedKeys().add: UnsupportedOperationException");
                }
                ak.interestOps(SelectionKey.OP_READ);
                sel.selectedKeys().clear();
                buf.clear();
                accepted.read(buf);
                client.close();
                selectSome(sel);
                t.add("peer closed " + sel.selectedKeys().contains(ak) + " read " + accepted.read(ByteBuffer.allocate(8)));
                ak.cancel();
                t.add("cancelled still in keys before select " + sel.keys().contains(ak));
                sel.selectNow();
                t.add("after select " + sel.keys().contains(ak) + " registered " + accepted.isRegistered());
                accepted.configureBlocking(true);
                t.add("blocking again " + accepted.isBlocking());
                accepted.close();
            }
        });
    }

    /**
     * A selection on a thread that then exits, a wakeup after it, selectNow() (which clears the
     * wakeup), and select(50) must wait: the eventfd read the exited thread armed is cancelled with
     * the thread, and its completion took no signal.
     */
    @Test
    void aWakeupAfterTheSelectingThreadExitedIsClearedBySelectNow() throws Exception {
        same((p, t) -> {
            int selected = 0, cleared = 0, waited = 0;
            for (int i = 0; i < 10; i++) {
                Pipe pipe = p.openPipe();
                try (Selector sel = p.openSelector(); Pipe.SourceChannel source = pipe.source();
                        Pipe.SinkChannel sink = pipe.sink()) {
                    source.configureBlocking(false);
                    SelectionKey k = source.register(sel, SelectionKey.OP_READ);
                    sink.write(ByteBuffer.wrap(new byte[] {1}));
                    int[] n = new int[1];
                    Thread a = Thread.ofPlatform().start(() -> {
                        try {
                            n[0] = sel.select();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    a.join();
                    Thread.sleep(i % 3 * 5); // the exited thread's requests end meanwhile, or not yet
                    selected += n[0];
                    k.interestOps(0);
                    sel.selectedKeys().clear();
                    sel.wakeup();
                    cleared += sel.selectNow() == 0 ? 1 : 0;
                    long t0 = System.nanoTime();
                    sel.select(20);
                    waited += System.nanoTime() - t0 >= 20_000_000L ? 1 : 0;
                }
            }
            t.add("selected by a thread that exited " + selected);
            t.add("selectNow returned 0 " + cleared);
            t.add("the next select(20) waited " + waited);
            t.add("of 10");
        });
    }

    @Test
    void wakeupBeforeAndDuringSelectAndTimeouts() throws Exception {
        same((p, t) -> {
            try (Selector sel = p.openSelector()) {
                sel.wakeup();
                long t0 = System.nanoTime();
                t.add("woken before " + sel.select());
                t.add("quick " + ((System.nanoTime() - t0) < 2_000_000_000L));
                t.add("timeout " + sel.select(100));
                t.add("now " + sel.selectNow());
                Thread waker = Thread.ofPlatform().start(() -> {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                    sel.wakeup();
                });
                t.add("woken during " + sel.select());
                waker.join();
                long t1 = System.nanoTime();
                t.add("the wakeup is spent: next waits " + sel.select(50)
                        + " " + (System.nanoTime() - t1 >= 50_000_000L));
                Thread me = Thread.currentThread();
                Thread interrupter = Thread.ofPlatform().start(() -> {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                    me.interrupt();
                });
                t.add("interrupted select " + sel.select() + " status " + Thread.interrupted());
                interrupter.join();
            }
            Selector closed = p.openSelector();
            closed.close();
            try {
                closed.select(10);
            } catch (ClosedSelectorException e) {
                t.add("closed: ClosedSelectorException");
            }
        });
    }

    @Test
    void pipesAndCloseOfARegisteredChannel() throws Exception {
        same((p, t) -> {
            try (Selector sel = p.openSelector()) {
                Pipe pipe = p.openPipe();
                pipe.source().configureBlocking(false);
                pipe.sink().configureBlocking(false);
                SelectionKey rk = pipe.source().register(sel, SelectionKey.OP_READ);
                SelectionKey wk = pipe.sink().register(sel, SelectionKey.OP_WRITE);
                selectSome(sel);
                t.add("sink writable " + wk.isWritable() + " source readable " + sel.selectedKeys().contains(rk));
                long total = 0;
                ByteBuffer chunk = ByteBuffer.allocateDirect(65536);
                int n;
                while ((n = pipe.sink().write(chunk.clear())) > 0) {
                    total += n;
                }
                t.add("filled: last write " + n + ", some written " + (total > 0));
                sel.selectedKeys().clear();
                selectSome(sel);
                t.add("source readable " + rk.isReadable());
                ByteBuffer in = ByteBuffer.allocate(1 << 20);
                long got = 0;
                while ((n = pipe.source().read(in.clear())) > 0) {
                    got += n;
                }
                t.add("drained all " + (got == total) + " last read " + n);
                pipe.sink().close();
                t.add("sink key valid after close " + wk.isValid());
                sel.selectedKeys().clear();
                selectSome(sel);
                t.add("eof ready " + rk.isReadable() + " read " + pipe.source().read(in.clear()));
                pipe.source().close();
                sel.selectNow();
                t.add("keys after closes " + sel.keys().size());
            }
        });
    }

    /** A ready key already in the selected set ends a blocking selection at once, with the count 0 (found by HttpServer: a 1 s stall per request). */
    @Test
    void aReadyKeyAlreadySelectedEndsTheSelection() throws Exception {
        same((p, t) -> {
            try (Selector sel = p.openSelector()) {
                Pipe pipe = p.openPipe();
                pipe.source().configureBlocking(false);
                SelectionKey rk = pipe.source().register(sel, SelectionKey.OP_READ);
                pipe.sink().write(ByteBuffer.wrap(new byte[] {7}));
                t.add("first " + selectSome(sel) + " " + rk.isReadable());
                long t0 = System.nanoTime();
                int n = sel.select(5000);
                t.add("again without removal " + n + " quick " + (System.nanoTime() - t0 < 2_000_000_000L));
                t.add("still selected " + sel.selectedKeys().contains(rk));
                t.add("ready " + rk.readyOps());
                pipe.source().close();
                pipe.sink().close();
            }
        });
    }

    /**
     * A server channel registered before it is bound: the JDK's selection ends at once (its unbound
     * socket polls POLLHUP, which makes OP_ACCEPT ready), and compat's, whose socket is made at
     * bind, reports the same; after the bind the connection is accepted.
     */
    @Test
    void aChannelRegisteredBeforeItsSocketExists() throws Exception {
        same((p, t) -> {
            try (Selector sel = p.openSelector(); java.nio.channels.ServerSocketChannel server = p.openServerSocketChannel()) {
                server.configureBlocking(false);
                SelectionKey k = server.register(sel, SelectionKey.OP_ACCEPT);
                java.util.concurrent.CompletableFuture<Integer> selected = new java.util.concurrent.CompletableFuture<>();
                Thread selector = Thread.ofPlatform().start(() -> {
                    try {
                        selected.complete(sel.select(10_000));
                    } catch (IOException e) {
                        selected.completeExceptionally(e);
                    }
                });
                Thread.sleep(200); // the selection is blocked
                server.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
                Thread.sleep(200); // and still is: binding is no readiness
                t.add("still selecting after bind " + selector.isAlive() + " (the JDK polls the unbound socket: POLLHUP)");
                t.add("bound " + (server.getLocalAddress() != null));
                try (java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open(server.getLocalAddress())) {
                    long t0 = System.nanoTime();
                    t.add("selected " + selected.get(15, java.util.concurrent.TimeUnit.SECONDS)
                            + " acceptable " + k.isAcceptable() + " quick " + (System.nanoTime() - t0 < 5_000_000_000L));
                    t.add("accepted " + (server.accept() != null));
                }
                selector.join();
            }
            // a datagram channel registered for reading before it is bound: the selection waits
            // through the bind (compat makes the socket there and arms its poll) and sees the datagram
            try (Selector sel = p.openSelector(); java.nio.channels.DatagramChannel d = p.openDatagramChannel();
                 java.nio.channels.DatagramChannel sender = p.openDatagramChannel()) {
                d.configureBlocking(false);
                SelectionKey k = d.register(sel, SelectionKey.OP_READ);
                java.util.concurrent.CompletableFuture<Integer> selected = new java.util.concurrent.CompletableFuture<>();
                Thread selector = Thread.ofPlatform().start(() -> {
                    try {
                        selected.complete(sel.select(10_000));
                    } catch (IOException e) {
                        selected.completeExceptionally(e);
                    }
                });
                Thread.sleep(200);
                d.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
                Thread.sleep(200);
                t.add("datagram: still selecting after bind " + selector.isAlive());
                sender.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), d.getLocalAddress());
                t.add("datagram: selected " + selected.get(15, java.util.concurrent.TimeUnit.SECONDS) + " readable " + k.isReadable());
                selector.join();
            }
        });
    }

    @Test
    void aThousandConnections() throws Exception {
        same((p, t) -> {
            int count = 1000;
            try (Selector sel = p.openSelector();
                 ServerSocketChannel server = p.openServerSocketChannel()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), count);
                List<SocketChannel> clients = new ArrayList<>();
                List<SocketChannel> peers = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    clients.add(p.openSocketChannel(java.net.StandardProtocolFamily.INET));
                    clients.get(i).connect(server.getLocalAddress());
                    SocketChannel a = server.accept();
                    a.configureBlocking(false);
                    a.register(sel, SelectionKey.OP_READ, i);
                    peers.add(a);
                }
                t.add("selectNow none " + sel.selectNow());
                for (int i = 0; i < count; i += 3) {
                    clients.get(i).write(ByteBuffer.wrap(new byte[] {1}));
                }
                int seen = 0;
                long deadline = System.nanoTime() + 10_000_000_000L;
                java.util.Set<Object> ready = new java.util.TreeSet<>();
                while (ready.size() < (count + 2) / 3 && System.nanoTime() < deadline) {
                    sel.select(500);
                    for (SelectionKey k : sel.selectedKeys()) {
                        ((SocketChannel) k.channel()).read(ByteBuffer.allocate(4));
                        ready.add(k.attachment());
                    }
                    sel.selectedKeys().clear();
                }
                for (Object o : ready) {
                    if ((Integer) o % 3 == 0) {
                        seen++;
                    }
                }
                t.add("ready " + ready.size() + " all multiples of 3 " + (seen == ready.size()));
                t.add("then none " + sel.selectNow());
                for (SocketChannel c : clients) {
                    c.close();
                }
                for (SocketChannel c : peers) {
                    c.close();
                }
                sel.selectNow();
                t.add("keys " + sel.keys().size());
            }
        });
    }

    /** Registrations while another thread cancels every key it sees: never CancelledKeyException from register. */
    @Test
    void registerRacingACancelReturnsACancelledKey() throws Exception {
        same((p, t) -> {
            try (Selector sel = p.openSelector()) {
                java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
                Thread canceller = Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        try {
                            for (SelectionKey k : sel.keys()) {
                                k.cancel();
                            }
                        } catch (java.util.ConcurrentModificationException | ClosedSelectorException e) {
                            // the key set changed under the iteration: look again
                        }
                    }
                });
                int failures = 0;
                List<Pipe> pipes = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    Pipe pipe = p.openPipe();
                    pipes.add(pipe);
                    pipe.source().configureBlocking(false);
                    try {
                        pipe.source().register(sel, SelectionKey.OP_READ);
                    } catch (RuntimeException e) {
                        failures++;
                        t.add("register threw " + e);
                    }
                    if (i % 50 == 0) {
                        sel.selectNow(); // deregisters the cancelled keys
                    }
                }
                stop.set(true);
                canceller.join();
                for (Pipe pipe : pipes) {
                    pipe.source().close();
                    pipe.sink().close();
                }
                t.add("registrations that threw: " + failures);
                t.add("done");
                t.add("selector open " + sel.isOpen());
                t.add("end");
            }
        });
    }

    /** select(Consumer): the action gets the ready keys; the selected set keeps what it had; no select inside it. */
    @Test
    void selectWithAnActionLeavesTheSelectedSetAndRefusesANestedSelect() throws Exception {
        same((p, t) -> {
            try (Selector sel = p.openSelector()) {
                Pipe a = p.openPipe();
                Pipe b = p.openPipe();
                Pipe c = p.openPipe();
                for (Pipe pipe : List.of(a, b, c)) {
                    pipe.sink().configureBlocking(false);
                }
                SelectionKey ka = a.sink().register(sel, SelectionKey.OP_WRITE, "a");
                SelectionKey kb = b.sink().register(sel, SelectionKey.OP_WRITE, "b");
                t.add("select " + selectSome(sel) + " selected " + sel.selectedKeys().size());
                kb.cancel();
                List<String> seen = new ArrayList<>();
                t.add("selectNow(action) " + sel.selectNow(k -> seen.add(k.attachment() + ":" + k.readyOps())) + " " + seen);
                t.add("selected after the action: " + sel.selectedKeys().contains(ka) + " " + sel.selectedKeys().contains(kb)
                        + " " + sel.selectedKeys().size());
                SelectionKey kc = c.sink().register(sel, SelectionKey.OP_WRITE, "c");
                List<String> nested = new ArrayList<>();
                int n = sel.select(k -> {
                    for (String what : List.of("selectNow", "select", "select(1)", "selectNow(action)", "select(action, 1)")) {
                        try {
                            switch (what) {
                                case "selectNow" -> sel.selectNow();
                                case "select" -> sel.select();
                                case "select(1)" -> sel.select(1);
                                case "selectNow(action)" -> sel.selectNow(x -> { });
                                default -> sel.select(x -> { }, 1);
                            }
                            nested.add(k.attachment() + " " + what + " returned");
                        } catch (IllegalStateException | IOException e) {
                            nested.add(k.attachment() + " " + what + " ! " + e.getClass().getSimpleName());
                        }
                    }
                }, 1000);
                java.util.Collections.sort(nested);
                t.add("select(action) " + n + " " + nested);
                t.add("selected keys still " + sel.selectedKeys().size() + " " + sel.selectedKeys().contains(kc));
                try {
                    sel.select(k -> { }, -1);
                } catch (IllegalArgumentException e) {
                    t.add("negative timeout ! " + e.getClass().getSimpleName());
                }
                for (Pipe pipe : List.of(a, b, c)) {
                    pipe.sink().close();
                    pipe.source().close();
                }
            }
        });
    }
}

package io.loomuring.compat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.InterruptibleChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An interrupt of a blocked accept or read, many times over, on each kind of thread: every time the
 * blocked call throws {@link ClosedByInterruptException}, the channel is closed and the interrupt
 * status is set — never {@code AsynchronousCloseException}, which a race between the socket's own
 * reaction to the interrupt and the channel's interrupt hook once produced (about one run in three
 * under load, on platform threads).
 */
class InterruptRaceTest {
    static final int ROUNDS = 150;

    interface Blocked {
        void run() throws Exception;
    }

    /** Runs {@code call} on a new thread of {@code kind}, interrupts it once it is parked, checks what it saw. */
    static void interruptOnce(boolean virtual, InterruptibleChannel ch, Blocked call) throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Runnable body = () -> {
            try {
                call.run();
            } catch (Throwable t) {
                seen.set(t);
            }
            flag.set(Thread.currentThread().isInterrupted());
        };
        Thread t = virtual ? Thread.ofVirtual().start(body) : Thread.ofPlatform().start(body);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING && t.isAlive()) {
            Thread.onSpinWait();
        }
        t.interrupt();
        t.join(10_000);
        assertFalse(t.isAlive(), "the interrupted call did not return");
        if (!(seen.get() instanceof ClosedByInterruptException)) {
            fail("expected ClosedByInterruptException, got " + seen.get(), seen.get());
        }
        assertTrue(flag.get(), "interrupt status set");
        assertFalse(ch.isOpen(), "channel closed");
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void anInterruptedAcceptAlwaysThrowsClosedByInterrupt(boolean virtual) throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            try (ServerSocketChannel server = UringServerSocketChannel.open()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                interruptOnce(virtual, server, server::accept);
            }
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void anInterruptedReadAlwaysThrowsClosedByInterrupt(boolean virtual) throws Exception {
        try (ServerSocketChannel server = UringServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            for (int i = 0; i < ROUNDS; i++) {
                try (SocketChannel client = UringSocketChannel.open(server.getLocalAddress());
                     SocketChannel accepted = server.accept()) {
                    interruptOnce(virtual, client, () -> client.read(ByteBuffer.allocate(4)));
                }
            }
        }
    }
}

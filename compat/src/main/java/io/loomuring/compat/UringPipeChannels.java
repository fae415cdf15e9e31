package io.loomuring.compat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.spi.SelectorProvider;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import io.loomuring.InterruptPolicy;
import io.loomuring.UringPipe;
import io.loomuring.spi.NonBlockingMode;
import io.loomuring.spi.PipeEnds;

/**
 * A {@link Pipe} whose source and sink channels are a loom-uring pipe's ends
 * ({@link SelectorProvider#openPipe()} under the switch): blocking reads and writes that park a
 * virtual thread. As the JDK's pipe channels: {@code read} waits for at least one byte and returns
 * -1 once the sink is closed and the pipe empty; {@code write} returns when every byte is written;
 * a scattering read fills its buffers in order and a gathering write is one {@code writev}; {@link ClosedChannelException} after close,
 * {@link java.nio.channels.AsynchronousCloseException} under a close from another thread,
 * {@link java.nio.channels.ClosedByInterruptException} (that end closed) on interrupt. In non-blocking
 * mode (io_uring only) {@code read} and {@code write} return 0 when they cannot proceed at once, and
 * both ends register with a selector of {@link UringSelectorProvider}.
 */
final class UringPipeChannels extends Pipe {
    private final Source source;
    private final Sink sink;

    UringPipeChannels(SelectorProvider provider) throws IOException {
        UringPipe pipe = UringPipe.open();
        pipe.setInterruptPolicy(InterruptPolicy.IGNORE); // interrupts are the channels': see ChannelInterrupts
        this.source = new Source(provider, pipe);
        this.sink = new Sink(provider, pipe);
    }

    @Override
    public SourceChannel source() {
        return source;
    }

    @Override
    public SinkChannel sink() {
        return sink;
    }

    /** One transfer on the pipe underneath. */
    private interface Transfer {
        long run() throws IOException;
    }

    private static final class Source extends SourceChannel implements SelChannel {
        private final UringPipe pipe;
        private final ReentrantLock readLock = new ReentrantLock();

        Source(SelectorProvider provider, UringPipe pipe) {
            super(provider);
            this.pipe = pipe;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            Objects.requireNonNull(dst);
            return (int) read(() -> pipe.read(dst));
        }

        /** A scattering read, as readv(2): one read spread over the buffers in order. */
        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, dsts.length);
            return read(() -> pipe.read(dsts, offset, length));
        }

        private long read(Transfer read) throws IOException {
            readLock.lock();
            try {
                if (!isOpen()) {
                    throw new ClosedChannelException();
                }
                boolean completed = false;
                try {
                    begin();
                    long n = read.run();
                    completed = true;
                    return n;
                } catch (IOException e) {
                    throw ChannelInterrupts.translate(e);
                } finally {
                    end(completed);
                }
            } finally {
                readLock.unlock();
            }
        }

        @Override
        public long read(ByteBuffer[] dsts) throws IOException {
            return read(dsts, 0, dsts.length);
        }

        @Override
        protected void implCloseSelectableChannel() throws IOException {
            NonBlockingMode m = mode();
            SelChannel.beforeClose(this, m == null ? null : m.descriptor());
            pipe.closeSource();
        }

        @Override
        protected void implConfigureBlocking(boolean block) throws IOException {
            NonBlockingMode m = mode();
            if (m == null) {
                if (!block) {
                    throw UringSelectorProvider.noNonBlocking();
                }
                return;
            }
            readLock.lock();
            try {
                m.nonBlocking(!block);
            } finally {
                readLock.unlock();
            }
        }

        @Override
        public NonBlockingMode mode() {
            PipeEnds e = PipeEnds.of(pipe);
            return e == null ? null : e.sourceEnd();
        }
    }

    private static final class Sink extends SinkChannel implements SelChannel {
        private final UringPipe pipe;
        private final ReentrantLock writeLock = new ReentrantLock();

        Sink(SelectorProvider provider, UringPipe pipe) {
            super(provider);
            this.pipe = pipe;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            Objects.requireNonNull(src);
            return (int) write(() -> pipe.write(src));
        }

        /**
         * A gathering write, as writev(2): one write over all the buffers; in blocking mode
         * repeated from where it stopped until every byte is written, in non-blocking mode once.
         */
        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, srcs.length);
            return write(() -> pipe.write(srcs, offset, length));
        }

        private long write(Transfer write) throws IOException {
            writeLock.lock();
            try {
                if (!isOpen()) {
                    throw new ClosedChannelException();
                }
                boolean completed = false;
                try {
                    begin();
                    long n = write.run();
                    completed = true;
                    return n;
                } catch (IOException e) {
                    throw ChannelInterrupts.translate(e);
                } finally {
                    end(completed);
                }
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        protected void implCloseSelectableChannel() throws IOException {
            NonBlockingMode m = mode();
            SelChannel.beforeClose(this, m == null ? null : m.descriptor());
            pipe.closeSink();
        }

        @Override
        protected void implConfigureBlocking(boolean block) throws IOException {
            NonBlockingMode m = mode();
            if (m == null) {
                if (!block) {
                    throw UringSelectorProvider.noNonBlocking();
                }
                return;
            }
            writeLock.lock();
            try {
                m.nonBlocking(!block);
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public NonBlockingMode mode() {
            PipeEnds e = PipeEnds.of(pipe);
            return e == null ? null : e.sinkEnd();
        }
    }
}

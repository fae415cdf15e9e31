package io.loomuring.backend.uring;

import java.io.IOException;

import io.loomuring.internal.FdHandle;
import io.loomuring.internal.NonBlocking;
import io.loomuring.spi.Descriptor;
import io.loomuring.spi.NonBlockingMode;

/**
 * The mode bit of one descriptor: {@code O_NONBLOCK} set with {@code fcntl} and remembered, so that
 * each transfer knows its road without a system call. The socket's, the datagram socket's and each
 * pipe end's non-blocking side.
 *
 * <p>Threads: any; the owning channel changes the mode with its own locks held.
 */
class DescriptorMode implements NonBlockingMode {
    final FdHandle h;
    private volatile boolean on;

    DescriptorMode(FdHandle h) {
        this.h = h;
    }

    @Override
    public Descriptor descriptor() {
        return h;
    }

    @Override
    public void nonBlocking(boolean on) throws IOException {
        NonBlocking.configure(h, on);
        this.on = on;
    }

    @Override
    public boolean isNonBlocking() {
        return on;
    }
}

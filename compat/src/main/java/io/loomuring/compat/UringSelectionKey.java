package io.loomuring.compat;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectionKey;

/**
 * A registration of a compat channel with a {@link UringSelector}. The interest set may change
 * from any thread; the change takes effect at the selector's next selection. The fields without
 * {@code volatile} belong to the selecting thread (it holds the selector's lock).
 */
final class UringSelectionKey extends AbstractSelectionKey {
    private final SelectableChannel channel;
    private final UringSelector selector;
    private volatile int interest;
    private volatile int ready;
    Object armed;                 // selecting thread: the armed poll (SelectorRing.arm), or null
    int armedEvents;              // selecting thread: the events of the armed poll; 0 when none
    boolean toArm;                // selecting thread: queued for arming

    UringSelectionKey(SelectableChannel channel, UringSelector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    @Override
    public SelectableChannel channel() {
        return channel;
    }

    @Override
    public Selector selector() {
        return selector;
    }

    private void ensureValid() {
        if (!isValid()) {
            throw new CancelledKeyException();
        }
    }

    @Override
    public int interestOps() {
        ensureValid();
        return interest;
    }

    /** The interest set without the validity check, for the selecting thread. */
    int interest() {
        return interest;
    }

    @Override
    public java.nio.channels.SelectionKey interestOps(int ops) {
        ensureValid();
        if ((ops & ~channel.validOps()) != 0) {
            throw new IllegalArgumentException("Invalid interest ops: " + ops);
        }
        synchronized (this) {
            interest = ops;
        }
        selector.interestChanged(this);
        return this;
    }

    @Override
    public int readyOps() {
        ensureValid();
        return ready;
    }

    int ready() {
        return ready;
    }

    void ready(int ops) {
        ready = ops;
    }
}

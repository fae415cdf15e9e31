package io.loomuring.poller;

import java.util.ArrayList;
import java.util.List;

import io.loomuring.poller.ring.IoUringUnavailableException;

/**
 * Several pollers, one ring each. An operation on an fd always goes to the same ring
 * ({@link #forFd}), so everything on one fd — reads, writes, cancels, close — is ordered by one
 * ring thread; operations without an fd spread by the calling thread ({@link #any}).
 *
 * <p>The ring count defaults to {@code max(1, cores / 4)} and can be set with the system property
 * {@code loomuring.rings}: on a small machine one ring thread leaves the cores to the carriers.
 *
 * <p>Threads: every method from any thread.
 */
public final class PollerGroup implements AutoCloseable {
    private final Poller[] pollers;

    private PollerGroup(Poller[] pollers) {
        this.pollers = pollers;
    }

    /** The ring count used when none is given. */
    public static int defaultRings() {
        int dflt = Math.max(1, Runtime.getRuntime().availableProcessors() / 4);
        return Math.max(1, Integer.getInteger("loomuring.rings", dflt));
    }

    /**
     * Opens {@code rings} pollers named {@code <name>-0}, {@code <name>-1}, ...
     *
     * @throws IoUringUnavailableException io_uring cannot be used; nothing stays open
     */
    public static PollerGroup open(int rings, PollerOptions options) throws IoUringUnavailableException {
        List<Poller> opened = new ArrayList<>();
        try {
            for (int i = 0; i < rings; i++) {
                opened.add(new Poller(options.withName(options.name() + "-" + i)));
            }
        } catch (IoUringUnavailableException | RuntimeException e) {
            opened.forEach(Poller::close);
            throw e;
        }
        return new PollerGroup(opened.toArray(Poller[]::new));
    }

    /** The poller that owns every operation on {@code fd}. */
    public Poller forFd(int fd) {
        return pollers[Math.floorMod(fd, pollers.length)];
    }

    /** A poller for an operation without an fd, chosen by the calling thread. */
    public Poller any() {
        return pollers[(int) Math.floorMod(Thread.currentThread().threadId(), (long) pollers.length)];
    }

    public int size() {
        return pollers.length;
    }

    public Poller get(int i) {
        return pollers[i];
    }

    /** The counters of every ring, added up. */
    public RingStats stats() {
        RingStats s = pollers[0].stats();
        for (int i = 1; i < pollers.length; i++) {
            s = RingStats.sum(s, pollers[i].stats());
        }
        return s;
    }

    /** Closes every poller (see {@link Poller#close}). */
    @Override
    public void close() {
        for (Poller p : pollers) {
            p.close();
        }
    }
}

package io.loomuring.compat;

import java.util.concurrent.atomic.LongAdder;

/**
 * The process-wide sums behind {@link SelectorStats}. A selector counts into locals while it
 * selects and adds them here once per selection, so the selecting thread pays a few adds.
 *
 * <p>Threads: any adds, any reads.
 */
final class SelectorCounters {
    private SelectorCounters() {}

    static final LongAdder SELECTIONS = new LongAdder();
    static final LongAdder WAITS = new LongAdder();
    static final LongAdder ENTERS = new LongAdder();
    static final LongAdder POLLS_ARMED = new LongAdder();
    static final LongAdder POLLS_FIRED = new LongAdder();
    static final LongAdder WAKEUPS = new LongAdder();

    static SelectorStats snapshot() {
        return new SelectorStats(SELECTIONS.sum(), WAITS.sum(), ENTERS.sum(), POLLS_ARMED.sum(), POLLS_FIRED.sum(),
                WAKEUPS.sum());
    }
}

package io.loomuring.compat;

/**
 * The counters of every {@link UringSelectorProvider} selector of this process, summed since it
 * started (see {@link UringSelectorProvider#selectorStats()}).
 *
 * @param selections    selection operations ({@code select}, {@code select(timeout)},
 *                      {@code selectNow}, {@code select(Consumer)})
 * @param waits         selections that found nothing ready and waited (blocked in
 *                      {@code io_uring_enter} on a platform thread, parked on a virtual thread)
 * @param enters        {@code io_uring_enter} calls on the selectors' rings (submitting, waiting,
 *                      running task work)
 * @param pollsArmed    {@code POLL_ADD}s submitted for keys (one-shot: one per key per readiness)
 * @param pollsFired    polls that completed with an operation of the key's interest ready
 * @param wakeups       {@link java.nio.channels.Selector#wakeup()} calls that wrote the eventfd
 */
public record SelectorStats(long selections, long waits, long enters, long pollsArmed, long pollsFired, long wakeups) {
    /** One line, {@code key=value} pairs separated by spaces. */
    @Override
    public String toString() {
        return "selections=" + selections + " waits=" + waits + " enters=" + enters + " pollsArmed=" + pollsArmed
                + " pollsFired=" + pollsFired + " wakeups=" + wakeups;
    }
}

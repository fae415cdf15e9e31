package io.loomuring.internal.jfr;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

import io.loomuring.poller.PollerGroup;
import io.loomuring.poller.RingStats;
import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.carrier.CarrierStats;

/**
 * Every second of a recording, one event per shared ring and per carrier ring with the counters
 * of the stats API since the ring was made: operations submitted and completed,
 * {@code io_uring_enter} calls, wake-ups, the largest batch, operations in flight, CQ overflows,
 * stale completions, and for carriers the continuations run and stolen.
 */
@Name("io.loomuring.RingStatistics")
@Label("loom-uring Ring Statistics")
@Category({"loom-uring", "Ring"})
@Description("The counters of one loom-uring ring (shared ring thread or carrier)")
@Period("1 s")
@StackTrace(false)
public final class RingStatisticsEvent extends jdk.jfr.Event {
    @Label("Ring")
    public String ring;

    @Label("Submitted")
    public long submitted;

    @Label("Completed")
    public long completed;

    @Label("io_uring_enter Calls")
    public long enters;

    @Label("Wake-ups")
    public long wakeups;

    @Label("Largest Batch")
    public long largestBatch;

    @Label("In Flight")
    public long inFlight;

    @Label("CQ Overflows")
    public long cqOverflows;

    @Label("Stale Completions")
    public long staleCompletions;

    @Label("Continuations Run")
    public long continuations;

    @Label("Stolen")
    public long stolen;

    private static final AtomicBoolean REGISTERED = new AtomicBoolean();

    /**
     * Registers the periodic emission for {@code group}, and for the carriers {@code carriers}
     * gives once they have started (null before); once per process.
     */
    public static void register(PollerGroup group, Supplier<CarrierScheduler> carriers) {
        if (!REGISTERED.compareAndSet(false, true)) {
            return;
        }
        FlightRecorder.addPeriodicEvent(RingStatisticsEvent.class, () -> emit(group, carriers.get()));
    }

    private static void emit(PollerGroup group, CarrierScheduler s) {
        for (int i = 0; i < group.size(); i++) {
            RingStats p = group.get(i).stats();
            RingStatisticsEvent e = new RingStatisticsEvent();
            e.ring = "shared ring " + i;
            e.submitted = p.submitted();
            e.completed = p.completed();
            e.enters = p.enters();
            e.wakeups = p.wakeups();
            e.largestBatch = p.largestBatch();
            e.inFlight = p.inFlight();
            e.cqOverflows = p.cqOverflows();
            e.staleCompletions = p.staleCompletions();
            e.commit();
        }
        if (s != null) {
            for (CarrierStats c : s.stats()) {
                RingStatisticsEvent e = new RingStatisticsEvent();
                e.ring = c.name();
                e.submitted = c.ring().submitted();
                e.completed = c.ring().completed();
                e.enters = c.ring().enters();
                e.wakeups = c.ring().wakeups();
                e.largestBatch = c.ring().largestBatch();
                e.inFlight = c.ring().inFlight();
                e.staleCompletions = c.ring().staleCompletions();
                e.continuations = c.continuations();
                e.stolen = c.stolen();
                e.commit();
            }
        }
    }
}

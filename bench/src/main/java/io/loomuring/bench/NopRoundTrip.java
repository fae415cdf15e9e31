package io.loomuring.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.loomuring.poller.IoRing;
import io.loomuring.poller.Nop;
import io.loomuring.poller.Poller;
import io.loomuring.poller.RingStats;
import io.loomuring.poller.carrier.CarrierScheduler;
import io.loomuring.poller.carrier.CarrierStats;
import io.loomuring.poller.ring.RingOptions;

/**
 * A NOP round trip through the poller from {@code threads} virtual threads, beside a baseline that
 * makes the same hand-off to a platform thread with no io_uring at all, and the same NOP written by
 * a virtual thread on carrier rings straight into its carrier's ring ({@code carrier}: no hand-off).
 *
 * <p>Each invocation starts {@code threads} virtual threads that share {@link #OPS} round trips, so
 * a result is ops/s over all of them; thread start-up is in both sides alike. After each trial the
 * poller side prints its {@code io_uring_enter} calls and ring-thread wake-ups per operation.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar NopRoundTrip}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED"})
public class NopRoundTrip {
    static final int OPS = 100_000;

    @Param({"1", "100", "10000"})
    int threads;

    Poller poller;
    BareHandOff bare;
    RingStats before;
    CarrierScheduler carriers;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        poller = Poller.open();
        bare = new BareHandOff();
        before = poller.stats();
        carriers = CarrierScheduler.start("bench-carrier", Runtime.getRuntime().availableProcessors(), CarrierScheduler.ringOptions());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        RingStats d = poller.stats().since(before);
        if (d.completed() > 0) {
            System.out.printf("%n[poller threads=%d] enters/op=%.4f wakeups/op=%.4f meanBatch=%.1f largestBatch=%d%n",
                    threads, d.entersPerOp(), d.wakeupsPerOp(), d.meanBatch(), d.largestBatch());
        }
        long completed = 0, enters = 0, wakeups = 0;
        for (CarrierStats c : carriers.stats()) {
            completed += c.ring().completed();
            enters += c.ring().enters();
            wakeups += c.ring().wakeups();
        }
        if (completed > 0) {
            System.out.printf("%n[carrier threads=%d] enters/op=%.4f wakeups/op=%.4f (%d carriers)%n",
                    threads, (double) enters / completed, (double) wakeups / completed, carriers.size());
        }
        carriers.close();
        poller.close();
        bare.close();
    }

    /** The bare virtual-thread hand-off: park, unpark by a platform thread, no ring. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void baseline() throws Exception {
        FanOut.run(threads, OPS / threads, (t, i) -> bare.roundTrip());
    }

    /** The same hand-off through the ring: an SQE, one {@code io_uring_enter} per batch, a CQE. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void poller() throws Exception {
        FanOut.run(threads, OPS / threads, (t, i) -> poller.execute(new Nop()));
    }

    /** The NOP written by the virtual thread into its own carrier's ring; the carrier submits and reaps. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void carrier() throws Exception {
        FanOut.run(carriers.builder(), threads, OPS / threads, (t, i) -> {
            IoRing ring = CarrierScheduler.currentRing();
            Nop op = new Nop();
            ring.submit(op);
            while (!op.isDone()) {
                ring.beforePark();
                LockSupport.park(op);
                ring.waiterWoke(op);
            }
        });
    }
}

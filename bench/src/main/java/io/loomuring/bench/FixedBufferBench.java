package io.loomuring.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import io.loomuring.poller.kernel.FileFlags;
import io.loomuring.poller.kernel.Opcode;
import io.loomuring.poller.kernel.RegisterOp;
import io.loomuring.poller.ring.Ring;
import io.loomuring.poller.ring.RingOptions;
import io.loomuring.poller.ring.Sqe;
import io.loomuring.poller.sys.CallState;
import io.loomuring.poller.sys.LibC;
import io.loomuring.poller.sys.Syscalls;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Does registering buffers ({@code IORING_REGISTER_BUFFERS} + {@code READ_FIXED}) pay for
 * loom-uring's bounce buffers? One thread drives a ring directly at queue depth 64 with random
 * 4 KiB O_DIRECT reads, plain {@code READ} against {@code READ_FIXED} into the same registered
 * memory, rounds alternating; reports reads/s and process CPU µs per read of each.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * io.loomuring.bench.FixedBufferBench [file] [seconds] [rounds]}
 */
public final class FixedBufferBench {
    private FixedBufferBench() {}

    static final int QD = 64;
    static final int BLOCK = 4096;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/var/tmp/loomuring-bench/cold-4g.dat");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        FileReadBench.ensureFile(file, 4L << 30);
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(RingOptions.defaults())) {
            ring.enable(true);
            CallState st = new CallState(arena);
            MemorySegment bufs = arena.allocate((long) QD * BLOCK, 4096);
            MemorySegment iov = arena.allocate(16L * QD, 8);
            for (int i = 0; i < QD; i++) {
                iov.set(JAVA_LONG, 16L * i, bufs.address() + (long) i * BLOCK);
                iov.set(JAVA_LONG, 16L * i + 8, BLOCK);
            }
            int r = Syscalls.ioUringRegister(st, ring.fd(), RegisterOp.REGISTER_BUFFERS, iov, QD);
            if (r < 0) {
                throw new IllegalStateException("IORING_REGISTER_BUFFERS: " + r);
            }
            int fd = openDirect(arena, file);
            long blocks = java.nio.file.Files.size(file) / BLOCK;
            for (int round = 0; round < rounds; round++) {
                for (boolean fixed : new boolean[] {false, true}) {
                    long cpu0 = Cpu.processNanos();
                    long t0 = System.nanoTime();
                    long n = run(ring, fd, bufs, blocks, fixed, (long) (seconds * 1e9));
                    long ns = System.nanoTime() - t0;
                    long cpu = Cpu.processNanos() - cpu0;
                    System.out.printf(Locale.ROOT, "round %d %-10s %8.0f reads/s  %6.2f CPU µs/read%n", round,
                            fixed ? "READ_FIXED" : "READ", n * 1e9 / ns, cpu / 1e3 / n);
                }
            }
            LibC.close(st, fd);
        }
    }

    private static int openDirect(Arena arena, Path file) {
        // openat through a throwaway ring would do; a plain open(2) is enough for a benchmark.
        try (Ring r = Ring.open(RingOptions.defaults())) {
            r.enable(false);
            MemorySegment path = arena.allocateFrom(file.toString());
            r.sq().next().prepRw(Opcode.OPENAT, -100, path.address(), 0, 0)
                    .opFlags(FileFlags.O_DIRECT | FileFlags.O_CLOEXEC)
                    .userData(1);
            r.enter(1, 0);
            int[] fd = {-1};
            r.cq().reap((ud, res, flags) -> fd[0] = res);
            if (fd[0] < 0) {
                throw new IllegalStateException("open " + file + ": " + fd[0]);
            }
            return fd[0];
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private static long run(Ring ring, int fd, MemorySegment bufs, long blocks, boolean fixed, long nanos) {
        SplittableRandom rnd = new SplittableRandom(7);
        long deadline = System.nanoTime() + nanos;
        long done = 0;
        int inFlight = 0;
        int[] free = new int[QD];
        int freeTop = QD;
        for (int i = 0; i < QD; i++) {
            free[i] = i;
        }
        long[] completed = {0};
        int[] returned = new int[QD];
        int[] nret = {0};
        while (true) {
            boolean more = System.nanoTime() < deadline;
            while (more && freeTop > 0) {
                int b = free[--freeTop];
                Sqe sqe = ring.sq().next();
                long addr = bufs.address() + (long) b * BLOCK;
                long off = rnd.nextLong(blocks) * BLOCK;
                if (fixed) {
                    sqe.prepRw(Opcode.READ_FIXED, fd, addr, BLOCK, off).bufIndex(b);
                } else {
                    sqe.prepRw(Opcode.READ, fd, addr, BLOCK, off);
                }
                sqe.userData(b);
                inFlight++;
            }
            if (inFlight == 0) {
                return done;
            }
            ring.enter(1, 0);
            nret[0] = 0;
            ring.cq().reap((ud, res, flags) -> {
                if (res != BLOCK) {
                    throw new IllegalStateException("read: " + res);
                }
                returned[nret[0]++] = (int) ud;
                completed[0]++;
            });
            for (int i = 0; i < nret[0]; i++) {
                free[freeTop++] = returned[i];
            }
            inFlight -= nret[0];
            done += nret[0];
        }
    }
}

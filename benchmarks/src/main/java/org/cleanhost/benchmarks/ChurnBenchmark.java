package org.cleanhost.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.wasm.ExecutionMode;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * P7 — churn: completed guest calls per second when a fraction of them is cancelled while running,
 * against the same load with none cancelled, in the same run.
 *
 * <p>A batch is {@value #BATCH} {@code runtime.call("work", Integer.class, WORK)} (~0.2-0.5 ms of
 * compiled guest code each) through a pool of {@value #POOL}, at most {@value #POOL} in flight, so a call
 * starts as soon as it is subscribed. In a batch with cancellations, the calls picked (spread evenly:
 * 10 % or 50 % of the batch) are cancelled by {@code take(half a warm call's measured duration)}: the
 * guest is interrupted, its instance discarded, and the pool creates a new one on the next acquire, so
 * the batch pays what churn really costs (interrupt, discard, {@code newInstance}). So that a noisy
 * machine cannot let one finish first, the calls picked for cancellation run {@value #LONGER}x the work:
 * up to their cancellation they cost what any call costs.
 *
 * <p>One operation runs a batch at 0 %, one at 10 % and one at 50 % (the order rotating), timing each:
 * interleaving them makes the ratios robust to the load of other processes, which a shared 2-core machine
 * has plenty of. The {@code @AuxCounters} are totals per iteration: completed calls and nanoseconds of each
 * kind of batch, plus the cancellations that took effect. The report divides: completed/s at 10 % ÷ at 0 %,
 * target ≥ 0.8. Free cancellation would give 0.9 ÷ 0.95 ≈ 0.95 at 10 % (the cancelled calls ran half-way)
 * and 0.5 ÷ 0.75 ≈ 0.67 at 50 %.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ChurnBenchmark {
    public static final int POOL = 2;
    public static final int BATCH = 20;
    public static final int WORK = 200_000;
    public static final int LONGER = 100;
    /** The cancelled share of each kind of batch, in per cent. */
    static final int[] PERCENTS = {0, 10, 50};

    private CleanRuntime runtime;
    private Duration cancelAfter;
    private final boolean[][] cancelled = new boolean[PERCENTS.length][BATCH];
    private int rotation;

    /** Totals per iteration, by kind of batch. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Calls {
        public long completed0;
        public long nanos0;
        public long completed10;
        public long nanos10;
        public long cancelled10;
        public long completed50;
        public long nanos50;
        public long cancelled50;

        @Setup(Level.Iteration)
        public void reset() {
            completed0 = nanos0 = completed10 = nanos10 = cancelled10 = completed50 = nanos50 = cancelled50 = 0;
        }

        void add(int percent, long completed, long cancelled, long nanos) {
            switch (percent) {
                case 0:
                    completed0 += completed;
                    nanos0 += nanos;
                    break;
                case 10:
                    completed10 += completed;
                    cancelled10 += cancelled;
                    nanos10 += nanos;
                    break;
                default:
                    completed50 += completed;
                    cancelled50 += cancelled;
                    nanos50 += nanos;
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        runtime = CleanRuntime.builder(Guests.module(Guests.CPU, ExecutionMode.COMPILED))
                .poolSize(POOL)
                .warmUp(POOL)
                .console(Guests.DISCARD)
                .build();
        for (int i = 0; i < 500; i++) { // JIT first: the cancellation delay is half a warm call
            runtime.call("work", Integer.class, WORK).block();
        }
        long[] took = new long[41];
        for (int i = 0; i < took.length; i++) {
            long start = System.nanoTime();
            Integer result = runtime.call("work", Integer.class, WORK).block();
            took[i] = System.nanoTime() - start;
            Guests.check(result != null, "work(" + WORK + ") returned nothing");
        }
        Arrays.sort(took);
        cancelAfter = Duration.ofNanos(took[took.length / 2] / 2);
        for (int k = 0; k < PERCENTS.length; k++) {
            for (int i = 0; i < BATCH; i++) {
                cancelled[k][i] = (i + 1) * PERCENTS[k] / 100 != i * PERCENTS[k] / 100; // evenly spread
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.dispose();
    }

    /** One batch of each kind; returns the completed calls. */
    @Benchmark
    public long churn(Calls calls) {
        long completed = 0;
        rotation = (rotation + 1) % PERCENTS.length;
        for (int j = 0; j < PERCENTS.length; j++) {
            int k = (rotation + j) % PERCENTS.length;
            long start = System.nanoTime();
            long[] outcome = batch(cancelled[k]);
            calls.add(PERCENTS[k], outcome[1], outcome[0], System.nanoTime() - start);
            completed += outcome[1];
        }
        return completed;
    }

    /** [cancelled, completed] */
    private long[] batch(boolean[] cancel) {
        return Flux.range(0, BATCH)
                .flatMap(i -> {
                    Mono<Integer> call = cancel[i]
                            ? runtime.call("work", Integer.class, WORK * LONGER).take(cancelAfter)
                            : runtime.call("work", Integer.class, WORK);
                    return call.map(v -> 1).defaultIfEmpty(0);
                }, POOL)
                .reduce(new long[2], (acc, done) -> {
                    acc[done]++;
                    return acc;
                })
                .block();
    }
}

package org.cleanhost.benchmarks;

import java.util.concurrent.TimeUnit;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.wasm.ExecutionMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * B1 — one guest → Java → guest future round trip, measured inside the guest: {@code roundtrips(n)}
 * loops {@code later v = start java.echo()} / {@code length(v)}, i.e. create_future on a Java function
 * returning an already-completed {@code Mono.just}, get_result (an LP string written into guest memory,
 * read back by the guest) and release_future. One guest call does {@link #ROUND_TRIPS} of them, so the
 * cost of entering the guest is amortized to a few ns per round trip.
 *
 * <p>Baseline: the cheapest Reactor hand-off there is, a {@code Sinks.one()} emit + subscribe. Targets:
 * guest round trip ≤ 3x the baseline (B1), ≤ 1.5x (P1, performance round 2).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FutureRoundTripBenchmark {
    /** Round trips per guest call. */
    public static final int ROUND_TRIPS = 10_000;
    private static final String ECHO = "echo";

    private CleanRuntime runtime;

    @Setup(Level.Trial)
    public void setUp() {
        runtime = CleanRuntime.builder(Guests.module(Guests.ASYNC, ExecutionMode.COMPILED))
                .poolSize(1)
                .warmUp(1)
                .console(Guests.DISCARD)
                .function("java.echo", args -> Mono.just(ECHO))
                .build();
        Integer total = runtime.call("roundtrips", Integer.class, 100).block();
        Guests.check(total != null && total == 100 * ECHO.length(), "roundtrips(100) returned " + total);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.dispose();
    }

    /** Per round trip: the guest call is amortized over {@link #ROUND_TRIPS}. */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public Integer guestFutureRoundTrip() {
        return runtime.call("roundtrips", Integer.class, ROUND_TRIPS).block();
    }

    /** Baseline: a bare {@code Sinks.one()} emit + subscribe. */
    @Benchmark
    public void sinksOneRoundTrip(Blackhole bh) {
        Sinks.One<String> sink = Sinks.one();
        sink.tryEmitValue(ECHO);
        sink.asMono().subscribe(bh::consume);
    }
}

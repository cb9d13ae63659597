package org.cleanhost.benchmarks;

import java.util.concurrent.TimeUnit;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.wasm.CleanInstance;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.ExecutionMode;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * B2 — what {@code runtime.call(export, Integer.class, ...)} adds to a guest call: pool checkout,
 * hand-off to boundedElastic, the Mono machinery and the wake-up of the blocked caller. Baseline: the
 * same export called directly on a {@link CleanInstance} the benchmark thread holds. Both run the
 * trivial {@code inc(x) = x + 1} so nearly all of the difference is the runtime's. Target: ≤ 5 µs added
 * per call, at 1 and at 2 concurrent callers (pool of 2, each direct caller with its own instance).
 *
 * <p>A second, informational baseline, {@code handoffCall}, runs the held instance's call through a bare
 * {@code Mono.fromCallable(..).subscribeOn(Schedulers.boundedElastic()).block()}: the thread hop any
 * runtime that keeps guest code off the caller's thread must pay. runtimeCall − handoffCall is what
 * the runtime's own machinery (pool, GuestRun, context) adds on top of that hop.
 *
 * <p>A third, informational case, {@code runtimeCallNoHop}, builds the runtime with
 * {@code scheduler(Schedulers.immediate())}, so the guest runs on the benchmark thread: runtimeCallNoHop −
 * directCall is the runtime's own machinery (pool checkout, Mono, GuestRun, decode) without any hop. It is
 * a measuring device, not a recommended configuration: with {@code immediate()} guest code runs on whatever
 * thread subscribes or gives an instance back.
 *
 * <p>The runtime runs with its defaults, so its number includes recycling an instance every
 * {@link org.cleanhost.wasm.InstanceLifecycle#DEFAULT_MAX_CALLS} calls; B6's {@code newInstance} divided by
 * that is the share.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RuntimeCallBenchmark {

    /** One runtime shared by all benchmark threads. */
    @State(Scope.Benchmark)
    public static class RuntimeState {
        CleanRuntime runtime;

        @Setup(Level.Trial)
        public void setUp() {
            runtime = build(CleanRuntime.builder(Guests.module(Guests.CPU, ExecutionMode.COMPILED)));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            runtime.dispose();
        }

        static CleanRuntime build(CleanRuntime.Builder builder) {
            CleanRuntime runtime = builder.poolSize(2).warmUp(2).console(Guests.DISCARD).build();
            Integer answer = runtime.call("inc", Integer.class, 41).block();
            Guests.check(answer != null && answer == 42, "runtime inc(41) returned " + answer);
            return runtime;
        }
    }

    /** The same runtime, but guest code runs on the subscribing thread: no hop (see the class comment). */
    @State(Scope.Benchmark)
    public static class NoHopState {
        CleanRuntime runtime;

        @Setup(Level.Trial)
        public void setUp() {
            runtime = RuntimeState.build(CleanRuntime.builder(Guests.module(Guests.CPU, ExecutionMode.COMPILED))
                    .scheduler(Schedulers.immediate()));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            runtime.dispose();
        }
    }

    /** Each benchmark thread's own instance, as a caller without the runtime would hold it. */
    @State(Scope.Thread)
    public static class Direct {
        CleanInstance instance;

        @Setup(Level.Trial)
        public void setUp() {
            CleanModule module = Guests.module(Guests.CPU, ExecutionMode.COMPILED);
            instance = Guests.plainHost(module).newInstance();
            Integer answer = instance.call("inc", Integer.class, 41);
            Guests.check(answer == 42, "direct inc(41) returned " + answer);
        }
    }

    @Benchmark
    @Threads(1)
    public Integer runtimeCall(RuntimeState state) {
        return state.runtime.call("inc", Integer.class, 41).block();
    }

    @Benchmark
    @Threads(1)
    public Integer runtimeCallNoHop(NoHopState state) {
        return state.runtime.call("inc", Integer.class, 41).block();
    }

    @Benchmark
    @Threads(1)
    public Integer directCall(Direct state) {
        return state.instance.call("inc", Integer.class, 41);
    }

    @Benchmark
    @Threads(2)
    public Integer runtimeCallThreads2(RuntimeState state) {
        return state.runtime.call("inc", Integer.class, 41).block();
    }

    @Benchmark
    @Threads(2)
    public Integer directCallThreads2(Direct state) {
        return state.instance.call("inc", Integer.class, 41);
    }

    @Benchmark
    @Threads(1)
    public Integer handoffCall(Direct state) {
        CleanInstance instance = state.instance;
        return Mono.fromCallable(() -> instance.call("inc", Integer.class, 41))
                .subscribeOn(Schedulers.boundedElastic())
                .block();
    }

    @Benchmark
    @Threads(2)
    public Integer handoffCallThreads2(Direct state) {
        CleanInstance instance = state.instance;
        return Mono.fromCallable(() -> instance.call("inc", Integer.class, 41))
                .subscribeOn(Schedulers.boundedElastic())
                .block();
    }
}

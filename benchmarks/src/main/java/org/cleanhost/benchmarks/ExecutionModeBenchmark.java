package org.cleanhost.benchmarks;

import java.util.concurrent.TimeUnit;
import org.cleanhost.wasm.CleanHost;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * B5 — Chicory's runtime compiler against its interpreter, each a {@code @Param} of the same run:
 *
 * <ul>
 *   <li>{@code fixtureStart}: the real cln 0.33 program else_break_inside_while.wasm, its {@code start}
 *       (a while loop left by {@code else: break}, then string concatenation with an integer and a
 *       printl), console discarded. Needs ../shared; scripts/bench.sh leaves it out when absent.
 *   <li>{@code cpuWork}: a CPU-heavy guest, {@code work(n)} from bench_cpu.wat (integer LCG loop).
 * </ul>
 *
 * Ratio = interpreted / compiled (how many times faster compiled code is). No target: the brief quotes
 * 55-150x for CPU-bound code; a short host-call-bound program gains less.
 *
 * <p>The JIT needs a few seconds to compile Chicory's interpreter loop (its first iterations are 10-20x
 * slower), more than a quick profile's warmup: each state therefore runs its call for
 * {@link #SELF_WARMUP_NANOS} in its setup, in both modes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExecutionModeBenchmark {
    static final long SELF_WARMUP_NANOS = TimeUnit.SECONDS.toNanos(3);

    private static void warm(Runnable call) {
        long end = System.nanoTime() + SELF_WARMUP_NANOS;
        while (System.nanoTime() < end) {
            call.run();
        }
    }

    @State(Scope.Thread)
    public static class Fixture {
        @Param({"COMPILED", "INTERPRETED"})
        public ExecutionMode mode;

        CleanInstance instance;

        @Setup(Level.Trial)
        public void setUp() {
            CleanModule module = CleanModule.load(Guests.fixtureBytes(Guests.FIXTURE), mode);
            instance = Guests.plainHost(module).newInstance();
            warm(() -> instance.call("start", Void.class));
        }
    }

    /**
     * The fixture on a host built with {@code -Dorg.cleanhost.wasm.eagerMemory=true} (Chicory's
     * ByteArrayMemory): checks that copy-on-write memory does not slow running guest code down.
     */
    @State(Scope.Thread)
    public static class EagerFixture {
        @Param({"COMPILED", "INTERPRETED"})
        public ExecutionMode mode;

        CleanInstance instance;

        @Setup(Level.Trial)
        public void setUp() {
            CleanModule module = CleanModule.load(Guests.fixtureBytes(Guests.FIXTURE), mode);
            System.setProperty(CleanHost.EAGER_MEMORY_PROPERTY, "true"); // read once, when the host is built
            try {
                instance = Guests.plainHost(module).newInstance();
            } finally {
                System.clearProperty(CleanHost.EAGER_MEMORY_PROPERTY);
            }
            warm(() -> instance.call("start", Void.class));
        }
    }

    @State(Scope.Thread)
    public static class Cpu {
        @Param({"COMPILED", "INTERPRETED"})
        public ExecutionMode mode;

        /** Loop iterations: ~20 µs compiled, ~10 ms interpreted. */
        @Param("10000")
        public int iterations;

        CleanInstance instance;

        @Setup(Level.Trial)
        public void setUp() {
            instance = Guests.plainHost(Guests.module(Guests.CPU, mode)).newInstance();
            warm(() -> instance.call("work", Integer.class, iterations));
        }
    }

    @Benchmark
    public void fixtureStart(Fixture state) {
        state.instance.call("start", Void.class);
    }

    @Benchmark
    public void fixtureStartEagerMemory(EagerFixture state) {
        state.instance.call("start", Void.class);
    }

    @Benchmark
    public Integer cpuWork(Cpu state) {
        return state.instance.call("work", Integer.class, state.iterations);
    }
}

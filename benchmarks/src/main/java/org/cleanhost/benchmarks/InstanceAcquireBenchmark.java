package org.cleanhost.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.cleanhost.wasm.CleanHost;
import org.cleanhost.wasm.CleanInstance;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.ExecutionMode;
import org.cleanhost.wasm.InstanceLifecycle;
import org.cleanhost.wasm.InstancePool;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * B6 / P6 — ways to get an instance ready to call, for the real cln 0.33 module ({@code fixture}:
 * else_break_inside_while.wasm, ~200 functions, 32 pages) and for bench_cpu.wat ({@code guest}):
 *
 * <ul>
 *   <li>{@code poolCheckout}: {@link InstancePool} acquire + release of a warm instance;
 *   <li>{@code newInstance}: {@link CleanHost#newInstance()} from the cached compiled module (fresh
 *       memory, data segments, linking of the host functions). P6's target: median ≤ 150 µs and p99 ≤ 1 ms
 *       for the fixture;
 *   <li>{@code newInstanceEagerMemory}: the same with {@value CleanHost#EAGER_MEMORY_PROPERTY}{@code =true}, i.e.
 *       Chicory's {@code ByteArrayMemory} allocating all initial pages: the cost before P6, same run;
 *   <li>{@code fullLoad}: {@link CleanModule#load} (parse, validate, compile to JVM bytecode) +
 *       {@link CleanHost} build (link) + {@code newInstance};
 *   <li>{@code cpuReference}: {@code Blackhole.consumeCPU}, ~30 µs of CPU with no allocation, about as long
 *       as {@code newInstance}: its p99 is what the machine's scheduling alone does to an operation of that
 *       length (another process taking the core mid-operation), the floor under newInstance's p99.
 * </ul>
 *
 * Sample-time mode, so the report has the median and p99 beside the mean (a mean alone hides that GC
 * pauses dominate it). scripts/bench.sh passes {@code -p module=guest} when ../shared is absent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InstanceAcquireBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Param({"guest", "fixture"})
    public String module;

    private byte[] bytes;
    private CleanHost host;
    private CleanHost eagerHost;
    private InstancePool pool;

    @Setup(Level.Trial)
    public void setUp() {
        bytes = module.equals("fixture") ? Guests.fixtureBytes(Guests.FIXTURE) : Guests.bytes(Guests.CPU);
        CleanModule compiled = CleanModule.load(bytes, ExecutionMode.COMPILED);
        host = Guests.plainHost(compiled);
        System.setProperty(CleanHost.EAGER_MEMORY_PROPERTY, "true"); // read once, when the host is built
        try {
            eagerHost = Guests.plainHost(compiled);
        } finally {
            System.clearProperty(CleanHost.EAGER_MEMORY_PROPERTY);
        }
        pool = new InstancePool(InstanceLifecycle.withDefaults(host), 1, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public CleanInstance poolCheckout() {
        CleanInstance instance = pool.acquire(TIMEOUT);
        pool.release(instance);
        return instance;
    }

    @Benchmark
    public CleanInstance newInstance() {
        return host.newInstance();
    }

    /** Baseline for P6: every initial page allocated and zeroed, as before the zero-page memory. */
    @Benchmark
    public CleanInstance newInstanceEagerMemory() {
        return eagerHost.newInstance();
    }

    /** The noise floor for an operation as long as newInstance; see the class comment. */
    @Benchmark
    public void cpuReference() {
        Blackhole.consumeCPU(CPU_REFERENCE_TOKENS);
    }

    /** consumeCPU tokens for ~30 µs here. */
    public static final int CPU_REFERENCE_TOKENS = 16_384;

    @Benchmark
    public CleanInstance fullLoad() {
        CleanModule fresh = CleanModule.load(bytes, ExecutionMode.COMPILED);
        return Guests.plainHost(fresh).newInstance();
    }
}

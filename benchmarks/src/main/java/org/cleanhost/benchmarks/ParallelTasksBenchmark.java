package org.cleanhost.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.cleanhost.reactor.CleanRuntime;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;

/**
 * B3 — parallel CPU-bound guest tasks. {@link #TASKS} tasks of real guest work ({@code work(n)}: an
 * integer LCG loop of a few ms, compiled) run through a runtime whose pool has {@link #POOL} instances
 * (= the cores of the reference machine), against the same work done one after the other on one
 * instance. Speedup = sequential / parallel; efficiency = speedup / {@link #POOL}; target ≥ 0.9.
 *
 * <ul>
 *   <li>{@code runtimeTasks}: Java starts the tasks ({@code Flux.flatMap} over {@code runtime.call}).
 *   <li>{@code guestFanout}: the guest starts them, {@code later t = start workTask(n)} ×{@link #TASKS}
 *       then awaits each (ID ABI), on a pool of {@link #POOL}; the awaiting call itself holds one of
 *       the instances, so this shows what a guest-driven fan-out gets from the same pool.
 *   <li>{@code sequentialInstance}: the baseline of {@code runtimeTasks} and {@code plainThreads}.
 *   <li>{@code sequentialAsyncGuest}: the baseline of {@code guestFanout}, the same {@code work(n)} of the
 *       async guest eight times on one instance of that module.
 *   <li>{@code plainThreads} (informational): the same tasks on {@link #POOL} plain Java threads, each
 *       with its own instance, no runtime. What the cores give at that moment: on a shared machine it
 *       tells a busy core (plainThreads slow too) from runtime overhead (only runtimeTasks slow).
 * </ul>
 *
 * <p>Every instance of one guest comes from one {@link CleanModule}, so the baseline and the parallel runs
 * execute the same generated classes and hence the same JIT-compiled code: with a module each, the
 * sequential baseline alone varied by 30 % from one JVM to the next.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ParallelTasksBenchmark {
    public static final int TASKS = 8;
    public static final int POOL = 2;

    /** Loop iterations per task: about 2-3 ms of compiled guest code on the reference machine. */
    @Param("1500000")
    public int iterations;

    private CleanRuntime runtime;
    private CleanRuntime asyncRuntime;
    private CleanInstance instance;
    private CleanInstance asyncInstance;
    private CleanInstance[] threadInstances;
    private ExecutorService threads;
    private int expected;

    @Setup(Level.Trial)
    public void setUp() {
        CleanModule cpu = Guests.module(Guests.CPU, ExecutionMode.COMPILED);
        CleanModule async = Guests.module(Guests.ASYNC, ExecutionMode.COMPILED);
        instance = Guests.plainHost(cpu).newInstance();
        expected = instance.call("work", Integer.class, iterations);
        // work() calls no import: a lenient host runs it without the runtime's async host
        asyncInstance = CleanHost.builder(async).console(Guests.DISCARD).lenientImports(true).build().newInstance();
        Guests.check(asyncInstance.call("work", Integer.class, iterations) == expected, "the guests' work() differ");
        runtime = CleanRuntime.builder(cpu)
                .poolSize(POOL)
                .warmUp(POOL)
                .console(Guests.DISCARD)
                .build();
        asyncRuntime = CleanRuntime.builder(async)
                .poolSize(POOL)
                .warmUp(POOL)
                .console(Guests.DISCARD)
                .build();
        Integer sum = runtimeTasks();
        Guests.check(sum != null && sum == TASKS * expected, "runtimeTasks summed " + sum + ", expected " + TASKS * expected);
        threadInstances = new CleanInstance[POOL];
        for (int i = 0; i < POOL; i++) {
            threadInstances[i] = Guests.plainHost(cpu).newInstance();
        }
        threads = Executors.newFixedThreadPool(POOL);
        int plain = plainThreads();
        Guests.check(plain == TASKS * expected, "plainThreads summed " + plain);
        Integer done = guestFanout();
        Guests.check(done != null && done == TASKS, "fanout completed " + done + " of " + TASKS + " tasks");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.dispose();
        asyncRuntime.dispose();
        threads.shutdownNow();
    }

    @Benchmark
    public Integer runtimeTasks() {
        return Flux.range(0, TASKS)
                .flatMap(i -> runtime.call("work", Integer.class, iterations))
                .reduce(0, Integer::sum)
                .block();
    }

    @Benchmark
    public Integer guestFanout() {
        return asyncRuntime.call("fanout", Integer.class, TASKS, iterations).block();
    }

    @Benchmark
    public int sequentialInstance() {
        int sum = 0;
        for (int i = 0; i < TASKS; i++) {
            sum += instance.call("work", Integer.class, iterations);
        }
        return sum;
    }

    @Benchmark
    public int sequentialAsyncGuest() {
        int sum = 0;
        for (int i = 0; i < TASKS; i++) {
            sum += asyncInstance.call("work", Integer.class, iterations);
        }
        return sum;
    }

    @Benchmark
    public int plainThreads() {
        List<Future<Integer>> parts = new ArrayList<>(POOL);
        for (int t = 0; t < POOL; t++) {
            CleanInstance own = threadInstances[t];
            int share = TASKS / POOL + (t < TASKS % POOL ? 1 : 0);
            parts.add(threads.submit(() -> {
                int sum = 0;
                for (int i = 0; i < share; i++) {
                    sum += own.call("work", Integer.class, iterations);
                }
                return sum;
            }));
        }
        int sum = 0;
        try {
            for (Future<Integer> part : parts) {
                sum += part.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return sum;
    }
}

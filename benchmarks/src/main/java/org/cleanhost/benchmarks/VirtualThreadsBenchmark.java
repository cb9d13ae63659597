package org.cleanhost.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cleanhost.reactor.CleanRuntime;
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
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * P8 — many guests waiting at once: {@value #CALLS} concurrent {@code runtime.call("roundtrips", 1)}, each
 * guest blocking in {@code get_result} on a Java function that answers after {@value #SLOW_MS} ms
 * ({@code Mono.delay}). The runtime has a pool of {@value #CALLS} instances (all warm) and differs only in
 * the scheduler passed to the public {@code CleanRuntime.Builder.scheduler(...)}:
 *
 * <ul>
 *   <li>{@code virtual}: {@code Executors.newVirtualThreadPerTaskExecutor()} (JDK 21+, found by reflection:
 *       the benchmarks compile for release 17);
 *   <li>{@code platform}: {@code Executors.newCachedThreadPool()}, a platform thread per waiting guest;
 *   <li>{@code boundedElastic}: the runtime's default, {@code Schedulers.boundedElastic()}, whose cap of
 *       10 threads per core lets only that many guests wait at once.
 * </ul>
 *
 * One operation is the whole batch, so the ideal is {@value #SLOW_MS} ms. {@code virtual} fails its setup
 * on a JDK without virtual threads; scripts/bench.sh runs this class on JDK 21+ only (the Temurin 25 here)
 * and reports it skipped otherwise. The JVM's peak thread count is printed at tear-down.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class VirtualThreadsBenchmark {
    public static final int CALLS = 1000;
    public static final int SLOW_MS = 50;

    @Param({"virtual", "platform", "boundedElastic"})
    public String threads;

    private ExecutorService executor;
    private CleanRuntime runtime;

    @Setup(Level.Trial)
    public void setUp() {
        Scheduler scheduler;
        switch (threads) {
            case "virtual":
                executor = virtualThreadPerTaskExecutor();
                scheduler = Schedulers.fromExecutorService(executor, "guest-virtual");
                break;
            case "platform":
                executor = Executors.newCachedThreadPool(daemonThreads());
                scheduler = Schedulers.fromExecutorService(executor, "guest-platform");
                break;
            case "boundedElastic":
                scheduler = Schedulers.boundedElastic();
                break;
            default:
                throw new IllegalArgumentException("threads=" + threads);
        }
        runtime = CleanRuntime.builder(Guests.module(Guests.ASYNC, ExecutionMode.COMPILED))
                .poolSize(CALLS)
                .warmUp(CALLS)
                .scheduler(scheduler)
                .console(Guests.DISCARD)
                .function("java.echo", args -> Mono.delay(Duration.ofMillis(SLOW_MS)).thenReturn("slow"))
                .build();
        Long done = concurrentSlowCalls();
        Guests.check(done != null && done == CALLS, CALLS + " concurrent slow calls completed " + done);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.dispose();
        if (executor != null) {
            executor.shutdownNow();
        }
        System.out.println("P8 threads=" + threads + ": peak live threads " + ManagementFactory.getThreadMXBean().getPeakThreadCount()
                + " (platform threads; virtual threads are not counted), JVM " + Runtime.version());
    }

    /** All {@value #CALLS} calls subscribed at once; completes when every guest has its answer. */
    @Benchmark
    public Long concurrentSlowCalls() {
        return Flux.range(0, CALLS)
                .flatMap(i -> runtime.call("roundtrips", Integer.class, 1), CALLS)
                .count()
                .block();
    }

    private static ExecutorService virtualThreadPerTaskExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("skipped: threads=virtual needs JDK 21+ (this is " + Runtime.version()
                    + "); scripts/bench.sh runs P8 with JDK 21+ only", e);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "guest-platform-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

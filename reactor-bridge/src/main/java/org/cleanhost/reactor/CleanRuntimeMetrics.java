package org.cleanhost.reactor;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import reactor.core.Disposable;

/**
 * Publishes a {@link CleanRuntime}'s metrics to Micrometer (an optional dependency: only this class needs it).
 *
 * <ul>
 *   <li>{@code clean.futures} (function counter, tag {@code outcome} = created, resolved, failed, cancelled)</li>
 *   <li>{@code clean.futures.pending} (gauge)</li>
 *   <li>{@code clean.task.duration} (timer, tags {@code kind} and {@code outcome} = success, failure)</li>
 *   <li>{@code clean.pool.instances} (gauge, tag {@code state} = idle, in-use) and
 *       {@code clean.pool.instances.created} / {@code .discarded} (function counters)</li>
 *   <li>{@code clean.task.outcomes.dropped} (function counter): outcomes a slow subscriber lost</li>
 * </ul>
 *
 * <pre>{@code new CleanRuntimeMetrics(runtime, Tags.of("module", "report")).bindTo(registry);}</pre>
 *
 * <p>{@link #close()} stops recording task durations; the gauges read the runtime on demand.
 */
public final class CleanRuntimeMetrics implements MeterBinder, AutoCloseable {
    private final CleanRuntime runtime;
    private final Tags tags;
    private volatile Disposable durations;

    public CleanRuntimeMetrics(CleanRuntime runtime, Iterable<io.micrometer.core.instrument.Tag> tags) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "created", s -> s.futuresCreated());
        counter(registry, "resolved", s -> s.futuresResolved());
        counter(registry, "failed", s -> s.futuresFailed());
        counter(registry, "cancelled", s -> s.futuresCancelled());
        Gauge.builder("clean.futures.pending", runtime, r -> r.stats().futuresPending())
                .tags(tags).description("Guest futures not settled yet").register(registry);
        Gauge.builder("clean.pool.instances", runtime, r -> r.stats().instancesIdle())
                .tags(tags.and("state", "idle")).description("Pooled instances").register(registry);
        Gauge.builder("clean.pool.instances", runtime, r -> r.stats().instancesInUse())
                .tags(tags.and("state", "in-use")).description("Pooled instances").register(registry);
        FunctionCounter.builder("clean.pool.instances.created", runtime, r -> r.stats().instancesCreated())
                .tags(tags).register(registry);
        FunctionCounter.builder("clean.pool.instances.discarded", runtime, r -> r.stats().instancesDiscarded())
                .tags(tags).register(registry);
        FunctionCounter.builder("clean.task.outcomes.dropped", runtime, r -> r.stats().outcomesDropped())
                .tags(tags).description("Task outcomes a slow taskOutcomes() subscriber lost").register(registry);
        Disposable previous = durations;
        durations = runtime.taskOutcomes().subscribe(outcome -> Timer.builder("clean.task.duration")
                .tags(tags.and("kind", outcome.kind().name().toLowerCase(java.util.Locale.ROOT),
                        "outcome", outcome.succeeded() ? "success" : "failure"))
                .description("From a guest starting a task to its settlement")
                .register(registry)
                .record(outcome.duration()));
        if (previous != null) {
            previous.dispose();
        }
    }

    private void counter(MeterRegistry registry, String outcome, ToDoubleFunction<RuntimeStats> value) {
        FunctionCounter.builder("clean.futures", runtime, r -> value.applyAsDouble(r.stats()))
                .tags(tags.and("outcome", outcome)).description("Guest futures and tasks").register(registry);
    }

    @Override
    public void close() {
        Disposable d = durations;
        if (d != null) {
            d.dispose();
        }
    }
}

package org.cleanhost.spring.boot;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.reactor.DeadlockException;
import org.cleanhost.reactor.RuntimeStats;
import org.cleanhost.reactor.TaskOutcome;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The runtime on {@code /actuator/health} (as {@code clean}): DOWN once disposed, else UP with the pool (idle, in
 * use, created, discarded), guest calls and tasks queued or running, pending and tracked futures, and the tasks
 * that failed with a {@link DeadlockException} (total, and the last one's time and message). Busy is not down:
 * a full pool answers 503s per request, it does not make the instance unhealthy. Never blocks.
 */
final class CleanHealthIndicator implements ReactiveHealthIndicator, DisposableBean {
    private final CleanRuntime runtime;
    private final Clock clock;
    private final AtomicLong deadlocks = new AtomicLong();
    private final AtomicReference<Map<String, Object>> lastDeadlock = new AtomicReference<>();
    private final Disposable subscription;

    CleanHealthIndicator(CleanRuntime runtime, Clock clock) {
        this.runtime = runtime;
        this.clock = clock;
        this.subscription = runtime.taskOutcomes().filter(CleanHealthIndicator::deadlocked).subscribe(this::record);
    }

    /** A task whose wait nothing could end: its own {@code DeadlockException}, or a task failing because of one. */
    private static boolean deadlocked(TaskOutcome outcome) {
        return DeadlockException.class.getSimpleName().equals(outcome.errorType())
                || outcome.errorMessage() != null && outcome.errorMessage().contains("deadlock: future");
    }

    private void record(TaskOutcome outcome) {
        deadlocks.incrementAndGet();
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("at", Instant.now(clock).toString());
        last.put("task", outcome.task());
        last.put("message", outcome.errorMessage());
        lastDeadlock.set(last);
    }

    @Override
    public Mono<Health> health() {
        return Mono.fromSupplier(this::snapshot);
    }

    private Health snapshot() {
        if (runtime.isDisposed()) {
            return Health.down().withDetail("disposed", true).build();
        }
        RuntimeStats s = runtime.stats();
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("idle", s.instancesIdle());
        pool.put("inUse", s.instancesInUse());
        pool.put("created", s.instancesCreated());
        pool.put("discarded", s.instancesDiscarded());
        Map<String, Object> futures = new LinkedHashMap<>();
        futures.put("pending", s.futuresPending());
        futures.put("tracked", s.futuresTracked());
        futures.put("failed", s.futuresFailed());
        Map<String, Object> deadlock = new LinkedHashMap<>();
        deadlock.put("total", deadlocks.get());
        Map<String, Object> last = lastDeadlock.get();
        if (last != null) {
            deadlock.put("last", last);
        }
        return Health.up()
                .withDetail("pool", pool)
                .withDetail("guestRunsActive", s.guestRunsActive())
                .withDetail("futures", futures)
                .withDetail("deadlocks", deadlock)
                .build();
    }

    @Override
    public void destroy() {
        subscription.dispose();
    }

}

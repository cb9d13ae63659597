package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The Micrometer binder reports what the runtime did: futures by outcome, pending, task durations, pool. */
class CleanRuntimeMetricsTest extends RuntimeTestSupport {

    @Test
    void countsFuturesTimesTasksAndReadsThePool() {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(Guests.IDS)).poolSize(2).console(console)
                .function("db.findUser", args -> Mono.just("Ada"))
                .build());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (CleanRuntimeMetrics metrics = new CleanRuntimeMetrics(runtime, Tags.of("module", "ids"))) {
            metrics.bindTo(registry);

            StepVerifier.create(runtime.call("user", String.class)).expectNext("got Ada").verifyComplete();
            StepVerifier.create(runtime.call("taskFailure", String.class)).expectNextCount(1).verifyComplete();
            idleStats(runtime);

            assertEquals(2.0, count(registry, "created"));
            assertEquals(1.0, count(registry, "resolved"));
            assertEquals(1.0, count(registry, "failed"));
            assertEquals(0.0, count(registry, "cancelled"));
            assertEquals(0.0, registry.get("clean.futures.pending").gauge().value());
            Timer success = registry.get("clean.task.duration").tags("kind", "future", "outcome", "success").timer();
            Timer failure = registry.get("clean.task.duration").tags("kind", "future", "outcome", "failure").timer();
            assertEquals(1, success.count());
            assertEquals(1, failure.count());
            assertTrue(registry.get("clean.pool.instances.created").functionCounter().count() >= 2,
                    "the failed task's instance was replaced");
            assertEquals(1.0, registry.get("clean.pool.instances.discarded").functionCounter().count(), "the trapped task's");
            assertEquals(0.0, registry.get("clean.pool.instances").tags("state", "in-use").gauge().value());
            assertEquals("ids", registry.get("clean.futures").tags("outcome", "created").functionCounter().getId().getTag("module"));
        }
    }

    private static double count(SimpleMeterRegistry registry, String outcome) {
        return registry.get("clean.futures").tags("outcome", outcome).functionCounter().count();
    }
}

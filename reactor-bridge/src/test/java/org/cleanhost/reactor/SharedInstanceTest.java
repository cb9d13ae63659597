package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Where guest tasks run (guests/shared_state.wat: a mutable global {@code state}): with
 * {@link TaskIsolation#SHARED_INSTANCE} on the caller's instance, seeing its state; with
 * {@link TaskIsolation#ISOLATED} on a pooled instance of their own.
 */
class SharedInstanceTest extends RuntimeTestSupport {

    private CleanRuntime runtime(TaskIsolation isolation) {
        return track(CleanRuntime.builder(Guests.module(Guests.SHARED_STATE)).console(console).poolSize(4)
                .taskIsolation(isolation).deadline(Duration.ofSeconds(10)).build());
    }

    @Test
    void sharedInstanceBackgroundTaskRunsOnTheCallersInstanceBeforeTheCallCompletes() {
        CleanRuntime runtime = runtime(TaskIsolation.SHARED_INSTANCE);
        AtomicReference<List<String>> printedWhenCompleted = new AtomicReference<>();

        StepVerifier.create(runtime.call("setAndFire", Void.class)
                        .doOnSuccess(ignored -> printedWhenCompleted.set(console.lines())))
                .expectComplete()
                .verify(VERIFY);

        assertEquals(List.of("fired", "report: caller's state"), printedWhenCompleted.get(),
                "report() ran after the export returned, on its instance (state 7), before the Mono completed");
        RuntimeStats stats = idleStats(runtime);
        assertEquals(1, stats.instancesCreated(), "one instance for caller and task: " + stats);
        assertEquals(1, stats.futuresResolved(), stats::toString);
    }

    @Test
    void sharedInstanceAwaitedTaskSeesTheStateTheCallerChanged() {
        CleanRuntime runtime = runtime(TaskIsolation.SHARED_INSTANCE);
        StepVerifier.create(runtime.call("setAndAwait", String.class))
                .expectNext("state 42 (caller's)")
                .expectComplete()
                .verify(VERIFY);
        assertEquals(1, idleStats(runtime).instancesCreated());
    }

    @Test
    void isolatedTasksRunOnAnInstanceOfTheirOwnWithTheInitialState() {
        CleanRuntime runtime = runtime(TaskIsolation.ISOLATED);
        StepVerifier.create(runtime.call("setAndAwait", String.class))
                .expectNext("initial state")
                .expectComplete()
                .verify(VERIFY);
        assertEquals(2, idleStats(runtime).instancesCreated());

        StepVerifier.create(runtime.call("setAndFire", Void.class)).expectComplete().verify(VERIFY);
        idleStats(runtime);
        assertTrue(console.lines().contains("fired"), console.lines()::toString);
        assertEquals(1, console.count("report: caller's state") + console.count("report: initial state"));
    }
}

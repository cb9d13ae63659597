package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cleanhost.wasm.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * {@code later data = start fetchData(...)} and {@code background logAction(...)}, as cln 0.33 lowers them
 * (guests/later_cln033.wat) and as the ID ABI lowers them (guests/ids.wat), in both execution modes.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ExecutionMode.class)
class LaterAndBackgroundTest extends RuntimeTestSupport {
    private static final String URL = "https://example.org/data";

    private final ExecutionMode mode;

    LaterAndBackgroundTest(ExecutionMode mode) {
        this.mode = mode;
    }

    private CleanRuntime.Builder runtime(String guest) {
        return CleanRuntime.builder(Guests.module(guest, mode)).console(console).deadline(Duration.ofSeconds(10));
    }

    // ---- 1. later data = start fetchData(url); printl("Working..."); printl(data)

    @Test
    void laterRunsTheFetchDataExportAndPrintsWhatItReturned() {
        CleanRuntime runtime = track(runtime(Guests.CLN033).poolSize(4).build());

        StepVerifier.create(runtime.call("start", Void.class)).expectComplete().verify(VERIFY);

        // cln 0.33 awaits at the `later` line: fetchData ran (and printed) before "Working..."; the printed
        // data is the string fetchData computed with string.concat inside the task.
        assertEquals(List.of("fetchData: fetching", "Working...", "data from fetchData"), console.lines());
        RuntimeStats stats = idleStats(runtime);
        assertEquals(2, stats.instancesCreated(), "the task ran on a pooled instance of its own: " + stats);
        assertEquals(1, stats.futuresCreated(), stats::toString);
        assertEquals(1, stats.futuresResolved(), stats::toString);
        assertEquals(0, stats.futuresTracked(), "_async_await releases its future: " + stats);
    }

    @Test
    void laterWithTheIdAbiPassesTheUrlToTheTaskAndAwaitsAtFirstUse() {
        CleanRuntime runtime = track(runtime(Guests.IDS).poolSize(4).build());

        StepVerifier.create(runtime.call("start", Void.class)).expectComplete().verify(VERIFY);

        List<String> lines = console.lines();
        assertEquals(3, lines.size(), lines::toString);
        // the task runs in parallel with "Working...", so those two may come in either order
        assertTrue(lines.subList(0, 2).containsAll(List.of("Working...", "fetching " + URL)), lines::toString);
        assertEquals("data from " + URL, lines.get(2));
        assertEquals(0, idleStats(runtime).futuresTracked(), "the guest released its future");
    }

    // ---- 4. a guest awaiting a guest-export task with poolSize(1): the awaiting thread runs it

    @Test
    void poolOfOneCln033AwaitRunsTheTaskOnTheAwaitingThread() {
        CleanRuntime runtime = track(runtime(Guests.CLN033).poolSize(1).build());

        StepVerifier.create(runtime.call("start", Void.class)).expectComplete().verify(VERIFY);

        assertEquals(List.of("fetchData: fetching", "Working...", "data from fetchData"), console.lines());
        assertEquals(1, runtime.stats().instancesCreated(), "one instance ran both the caller and the task");
        List<String> threads = console.threads();
        assertEquals(1, threads.stream().distinct().count(), "caller and task printed from one thread: " + threads);
    }

    @Test
    void poolOfOneIdAbiTaskWaitsUntilAwaitedThenRunsOnTheAwaitingThread() {
        CleanRuntime runtime = track(runtime(Guests.IDS).poolSize(1).build());

        StepVerifier.create(runtime.call("start", Void.class)).expectComplete().verify(VERIFY);

        // No free instance while the caller runs: fetchData can only run when get_result claims it, so
        // "Working..." comes first — deterministic proof that the awaiting thread ran the task.
        assertEquals(List.of("Working...", "fetching " + URL, "data from " + URL), console.lines());
        assertEquals(1, runtime.stats().instancesCreated());
        assertEquals(1, console.threads().stream().distinct().count(), console.threads()::toString);
    }

    @Test
    void poolOfOneServesSeveralCallsInARow() {
        CleanRuntime runtime = track(runtime(Guests.IDS).poolSize(1).build());
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(runtime.call("start", Void.class)).expectComplete().verify(VERIFY);
        }
        assertEquals(3, console.count("data from " + URL));
        assertEquals(1, runtime.stats().instancesCreated(), runtime.stats()::toString);
    }

    // ---- threading: subscribing from a non-blocking thread is safe (BlockHound is installed for the suite)

    @Test
    void subscribingFromParallelRunsGuestCodeOnTheRuntimeScheduler() {
        CleanRuntime runtime = track(runtime(Guests.CLN033).poolSize(2).build());

        StepVerifier.create(runtime.call("start", Void.class).subscribeOn(Schedulers.parallel()))
                .expectComplete()
                .verify(VERIFY);
        StepVerifier.create(runtime.call("hello", String.class).subscribeOn(Schedulers.parallel()))
                .expectNext("hello")
                .expectComplete()
                .verify(VERIFY);

        assertEquals(List.of("fetchData: fetching", "Working...", "data from fetchData"), console.lines());
        for (String thread : console.threads()) {
            assertFalse(thread.startsWith("parallel-"), "guest code ran on " + thread);
        }
    }

    // ---- 2. background logAction("login")

    @Test
    void backgroundRunsExactlyOnceWithoutAnyOutcomeSubscriber() {
        AtomicInteger audits = new AtomicInteger();
        CleanRuntime runtime = track(runtime(Guests.CLN033).poolSize(2)
                .function("audit.log", args -> Mono.fromRunnable(audits::incrementAndGet))
                .build());

        StepVerifier.create(runtime.call("login", Void.class)).expectComplete().verify(VERIFY);
        RuntimeStats stats = idleStats(runtime);

        assertEquals(1, console.count("Logged in"));
        assertEquals(1, console.count("audit: login"), "logAction ran once: " + console.lines());
        assertEquals(1, audits.get(), "the Java function logAction started ran once");
        assertEquals(2, stats.futuresCreated(), stats::toString);
        assertEquals(2, stats.futuresResolved(), stats::toString);
        assertEquals(0, stats.futuresTracked(), "background ids are forgotten once settled: " + stats);
    }

    @Test
    void backgroundWithTheIdAbiPassesItsArguments() {
        List<List<Object>> audits = new CopyOnWriteArrayList<>();
        CleanRuntime runtime = track(runtime(Guests.IDS).poolSize(2)
                .function("audit.log", args -> Mono.fromRunnable(() -> audits.add(args)))
                .build());

        StepVerifier.create(runtime.call("login", Void.class)).expectComplete().verify(VERIFY);
        StepVerifier.create(runtime.whenIdle()).expectComplete().verify(VERIFY);

        assertEquals(1, console.count("audit: login"), console.lines()::toString);
        assertEquals(List.of(List.of("login")), audits);
    }

    @Test
    void backgroundOutcomesReachASubscriberThatSubscribedBefore() {
        AtomicInteger audits = new AtomicInteger();
        CleanRuntime runtime = track(runtime(Guests.CLN033).poolSize(2)
                .function("audit.log", args -> Mono.fromRunnable(audits::incrementAndGet))
                .build());
        Mono<Void> login = runtime.call("login", Void.class).cache();

        // audit.log's Publisher is subscribed on the scheduler, so the two outcomes may arrive in either order
        StepVerifier.create(runtime.taskOutcomes().take(2).collectMap(TaskOutcome::task))
                .then(() -> login.subscribe(null, e -> {}))
                .assertNext(byTask -> {
                    TaskOutcome audit = byTask.get("audit.log");
                    assertEquals(TaskOutcome.Kind.BACKGROUND, audit.kind());
                    assertTrue(audit.succeeded());
                    assertEquals("", audit.value(), "an empty Publisher resolves to \"\"");
                    TaskOutcome outcome = byTask.get("logAction");
                    assertEquals(TaskOutcome.Kind.BACKGROUND, outcome.kind());
                    assertTrue(outcome.succeeded(), () -> outcome.errorType() + ": " + outcome.errorMessage());
                    assertNull(outcome.errorType());
                    assertNull(outcome.errorMessage());
                    assertTrue(outcome.id() > 0);
                    assertFalse(outcome.duration().isNegative());
                })
                .expectComplete()
                .verify(VERIFY);

        StepVerifier.create(login).expectComplete().verify(VERIFY);
        assertEquals(1, audits.get());
    }

    @Test
    void aFailingBackgroundTaskIsPublishedNotLost() {
        CleanRuntime runtime = track(runtime(Guests.CLN033).poolSize(2)
                .function("audit.log", args -> Mono.error(new IllegalStateException("audit service down")))
                .build());

        StepVerifier.create(runtime.taskOutcomes().take(2).collectMap(TaskOutcome::task))
                .then(() -> runtime.call("login", Void.class).subscribe(null, e -> {}))
                .assertNext(byTask -> {
                    TaskOutcome audit = byTask.get("audit.log");
                    assertFalse(audit.succeeded());
                    assertEquals("TaskFailedException", audit.errorType());
                    assertEquals("task 'audit.log' (id " + audit.id() + ") failed: audit service down", audit.errorMessage());
                    assertTrue(byTask.get("logAction").succeeded(), "a failed background task does not fail its starter");
                })
                .expectComplete()
                .verify(VERIFY);
        assertEquals(1, idleStats(runtime).futuresFailed());
    }

    @Test
    void whenIdleCompletesOnlyAfterEveryOutcomeReachedItsSubscribers() {
        CleanRuntime runtime = track(runtime(Guests.IDS).poolSize(2)
                .function("db.findUser", args -> Mono.fromCallable(() -> "Ada").subscribeOn(Schedulers.boundedElastic()))
                .build());
        List<String> published = new CopyOnWriteArrayList<>();
        CountDownLatch callCompleted = new CountDownLatch(1);
        Disposable slowMetrics = runtime.taskOutcomes().subscribe(outcome -> {
            // a slow subscriber on the settling thread: still busy after the awaiting call completed
            await(callCompleted);
            sleep(Duration.ofMillis(50));
            published.add(outcome.task());
        });
        try {
            StepVerifier.create(runtime.call("user", String.class)).expectNext("got Ada").expectComplete().verify(VERIFY);
            callCompleted.countDown();
            idleStats(runtime);
            assertEquals(List.of("db.findUser"), published, "whenIdle() waited for the outcome's subscribers");
        } finally {
            slowMetrics.dispose();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(VERIFY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

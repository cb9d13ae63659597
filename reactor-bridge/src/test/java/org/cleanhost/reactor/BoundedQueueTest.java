package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cleanhost.wasm.CleanBusyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Signal;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * Callers that outrun the pool are refused, typed, instead of queueing forever: {@code poolSize(1)} and
 * {@code queue(100 ms, 2)} allow one call running, two waiting at most 100 ms each, and no more. The one
 * instance is held by a guest awaiting a Java function ("gate") the test opens only after it has seen every
 * refusal, so no timing decides the outcome.
 */
class BoundedQueueTest extends RuntimeTestSupport {
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofMillis(100);
    private static final int MAX_WAITING = 2;

    private final Sinks.Empty<Void> gate = Sinks.empty();
    private CleanRuntime runtime;

    @BeforeEach
    void build() {
        runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console)
                .poolSize(1)
                .queue(ACQUIRE_TIMEOUT, MAX_WAITING)
                .deadline(Duration.ofSeconds(10))
                .function("gate", args -> gate.asMono())
                .build());
    }

    @Test
    void callsBeyondThePoolAndItsQueueFailWithCleanBusyExceptionAndTheRuntimeServesAfterwards() {
        StepVerifier holder = holdAnInstanceUntilTheGateOpens(runtime);

        int extra = 8; // 2 may wait (and time out after 100 ms), 6 are refused at once
        List<Signal<String>> signals = Flux.range(0, extra)
                .flatMap(i -> runtime.call("hello", String.class).materialize(), extra)
                .collectList()
                .block(VERIFY);

        assertEquals(extra, signals.size());
        int waitedThenTimedOut = 0;
        int refusedAtOnce = 0;
        for (Signal<String> signal : signals) {
            CleanBusyException busy = assertInstanceOf(CleanBusyException.class, signal.getThrowable(), signal::toString);
            if (busy.getMessage().equals("all 1 pooled instances stayed busy for 100 ms")) {
                waitedThenTimedOut++;
            } else if (busy.getMessage().equals("all 1 pooled instances are busy and 2 calls already wait for one "
                    + "(the queue's limit): refused without waiting")) {
                refusedAtOnce++;
            } else {
                throw new AssertionError("unexpected message: " + busy.getMessage());
            }
        }
        assertEquals(MAX_WAITING, waitedThenTimedOut, "the queue holds 2 callers, who time out");
        assertEquals(extra - MAX_WAITING, refusedAtOnce, "the rest are refused without waiting");
        RuntimeStats stats = runtime.stats();
        assertEquals(1, stats.instancesInUse(), "the holder still runs: " + stats);
        assertEquals(1, stats.guestRunsActive(), "refused calls left nothing queued: " + stats);
        assertEquals(1, stats.instancesCreated(), "refused calls created no instance: " + stats);

        gate.tryEmitEmpty();
        holder.verify(VERIFY);
        assertStillServes(runtime);
        RuntimeStats after = idleStats(runtime);
        assertEquals(0, after.instancesInUse(), after::toString);
        assertEquals(0, after.futuresTracked(), after::toString);
    }

    @Test
    void aCancelledWaitingCallLeavesItsPlaceInTheQueue() {
        // a long acquire timeout: a caller that finds the queue full is refused at once, during subscribe
        runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console).poolSize(1)
                .queue(Duration.ofSeconds(30), MAX_WAITING).deadline(Duration.ofSeconds(10))
                .function("gate", args -> gate.asMono()).build());
        StepVerifier holder = holdAnInstanceUntilTheGateOpens(runtime);

        Disposable first = runtime.call("hello", String.class).subscribe();
        Disposable second = runtime.call("hello", String.class).subscribe();
        assertEquals(3, runtime.stats().guestRunsActive(), "two callers wait in the queue");
        StepVerifier.create(runtime.call("hello", String.class))
                .expectError(CleanBusyException.class)
                .verify(VERIFY); // the queue is full
        first.dispose();
        second.dispose();
        assertEquals(1, runtime.stats().guestRunsActive(), "the cancelled callers left the queue");

        // their places are free again: two new callers queue (a refusal would have failed them already) ...
        StepVerifier third = StepVerifier.create(runtime.call("hello", String.class))
                .expectNext("hello").expectComplete().verifyLater();
        StepVerifier fourth = StepVerifier.create(runtime.call("hello", String.class))
                .expectNext("hello").expectComplete().verifyLater();
        assertEquals(3, runtime.stats().guestRunsActive(), "both new callers wait in the queue");

        gate.tryEmitEmpty(); // ... and are served once the instance is free
        holder.verify(VERIFY);
        third.verify(VERIFY);
        fourth.verify(VERIFY);
        assertEquals(1, idleStats(runtime).instancesCreated());
    }

    @Test
    void aBackgroundTaskThatCannotGetAnInstanceFailsTypedInsteadOfWaitingForever() throws Exception {
        CompletableFuture<TaskOutcome> helloOutcome = runtime.taskOutcomes()
                .filter(o -> o.task().equals("hello"))
                .next()
                .toFuture();

        // background hello() while the caller holds the only instance awaiting the gate:
        // spawnThenLater("hello", "gate") = spawn_task("hello"); _async_await("gate")
        StepVerifier caller = StepVerifier.create(runtime.call("spawnThenLater", String.class, "hello", "gate"))
                .expectNext("")
                .expectComplete()
                .verifyLater();

        TaskOutcome hello = helloOutcome.get(VERIFY.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(TaskOutcome.Kind.BACKGROUND, hello.kind());
        assertEquals("TaskFailedException", hello.errorType());
        assertTrue(hello.errorMessage().contains("stayed busy for 100 ms"), hello.errorMessage());

        gate.tryEmitEmpty();
        caller.verify(VERIFY);
        assertStillServes(runtime);
        RuntimeStats stats = idleStats(runtime);
        assertEquals(1, stats.futuresFailed(), stats::toString);
        assertEquals(0, stats.futuresTracked(), stats::toString);
    }

    @Test
    void queueSettingsAreValidated() {
        CleanRuntime.Builder builder = CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST));
        assertEquals("maxPendingCalls must be at least 0: -1",
                assertThrows(IllegalArgumentException.class, () -> builder.queue(ACQUIRE_TIMEOUT, -1)).getMessage());
        assertThrows(NullPointerException.class, () -> builder.queue(null, 1));
    }
}

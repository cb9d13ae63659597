package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cleanhost.wasm.CleanTimeoutException;
import org.cleanhost.wasm.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Cancel and timeout paths leave the runtime serving, in both execution modes (the interpreter stops a
 * {@code br_if} loop only through wasm-host's instruction listener). later_cln033.wat's {@code spin()}
 * prints "spinning" and loops forever on a {@code br_if} back edge; ids.wat supplies the future cases.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ExecutionMode.class)
class CancellationAndTimeoutTest extends RuntimeTestSupport {
    private final ExecutionMode mode;

    CancellationAndTimeoutTest(ExecutionMode mode) {
        this.mode = mode;
    }

    private CleanRuntime.Builder runtime(String guest) {
        return CleanRuntime.builder(Guests.module(guest, mode)).console(console).poolSize(2);
    }

    @Test
    void cancellingACallInterruptsALoopingGuestAndTheNextCallSucceeds() {
        CleanRuntime runtime = track(runtime(Guests.CLN033).build());

        StepVerifier.create(runtime.call("spin", Void.class))
                .expectSubscription()
                .then(() -> console.awaitLine("spinning", VERIFY)) // the guest is inside its loop
                .thenCancel()
                .verify(VERIFY);

        RuntimeStats stats = awaitStats(runtime, s -> s.instancesDiscarded() == 1, "the interrupted instance is discarded");
        assertEquals(0, stats.instancesInUse(), stats::toString);
        assertStillServes(runtime);
        assertEquals(1, runtime.stats().instancesDiscarded(), "the next call ran on a healthy instance");
    }

    @Test
    void aDeadlineStopsALoopingExportWithCleanTimeoutExceptionAndTheNextCallSucceeds() {
        CleanRuntime runtime = track(runtime(Guests.CLN033).deadline(Duration.ofMillis(200)).build());

        long start = System.nanoTime();
        StepVerifier.create(runtime.call("spin", Void.class))
                .expectErrorSatisfies(e -> {
                    CleanTimeoutException timeout = assertInstanceOf(CleanTimeoutException.class, e);
                    assertEquals("spin", timeout.export());
                    assertEquals(Duration.ofMillis(200), timeout.deadline());
                })
                .verify(VERIFY);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 150, "stopped at the deadline, not before: " + tookMs + " ms");

        assertStillServes(runtime);
        awaitStats(runtime, s -> s.instancesDiscarded() == 1, "the timed-out instance is discarded");
    }

    @Test
    void aDeadlineStopsACallerAwaitingALoopingTaskAndTheTaskItself() {
        // later x = start spin(): the caller waits in _async_await while the task loops on its own instance
        // (poolSize 3: never exhausted, so the caller does not run the task itself); the deadline applies to
        // both, the caller's fires first
        CleanRuntime runtime = track(runtime(Guests.CLN033).poolSize(3).deadline(Duration.ofMillis(300)).build());

        StepVerifier.create(runtime.call("laterSpin", String.class))
                .expectErrorSatisfies(e -> assertEquals("laterSpin", assertInstanceOf(CleanTimeoutException.class, e).export()))
                .verify(VERIFY);

        RuntimeStats stats = idleStats(runtime);
        // the caller's deadline fires first and its death cancels the task it awaited (or the task's own
        // deadline got there first): either way the task is stopped and its instance discarded
        assertEquals(1, stats.futuresCancelled() + stats.futuresFailed(), "the task was stopped too: " + stats);
        assertEquals(2, stats.instancesDiscarded(), stats::toString);
        StepVerifier.create(runtime.call("start", Void.class)).expectComplete().verify(VERIFY);
        assertTrue(console.lines().contains("data from fetchData"), console.lines()::toString);
    }

    @Test
    void cancellingACallAlsoStopsTheLoopingTaskItWasAwaiting() {
        // no deadline: only the cancellation can stop the task, whose one awaiter is gone (poolSize 3: the
        // task runs on its own instance and thread, not re-entrantly on the cancelled caller's)
        CleanRuntime runtime = track(runtime(Guests.CLN033).poolSize(3).build());

        StepVerifier.create(runtime.call("laterSpin", String.class))
                .expectSubscription()
                .then(() -> console.awaitLine("spinning", VERIFY)) // the task is looping
                .thenCancel()
                .verify(VERIFY);

        awaitStats(runtime, s -> s.guestRunsActive() == 0, "the orphaned task is interrupted");
        awaitStats(runtime, s -> s.futuresPending() == 0, "its future is settled (cancelled)");
        assertStillServes(runtime);
    }

    @Test
    void guestCancelFutureDisposesTheJavaSubscriptionAndStatusIsCancelled() {
        AtomicBoolean subscribed = new AtomicBoolean();
        AtomicBoolean cancelled = new AtomicBoolean();
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST, mode)).console(console).poolSize(2)
                .function("never", args -> Mono.never()
                        .doOnSubscribe(s -> subscribed.set(true))
                        .doOnCancel(() -> cancelled.set(true)))
                .build());

        // the guest starts the function (its publisher is subscribed on the function scheduler), then cancels it
        Integer id = runtime.call("create", Integer.class, "never", "[]").block(VERIFY);
        awaitStats(runtime, s -> subscribed.get(), "the Java function was subscribed");
        StepVerifier.create(runtime.call("cancel", Integer.class, id)).expectNext(1).expectComplete().verify(VERIFY);
        StepVerifier.create(runtime.call("status", Integer.class, id)).expectNext(3).expectComplete().verify(VERIFY);
        assertTrue(cancelled.get(), "cancel_future disposed the Java subscription");
        StepVerifier.create(runtime.call("release", Void.class, id)).expectComplete().verify(VERIFY);
        RuntimeStats stats = idleStats(runtime);
        assertEquals(1, stats.futuresCancelled(), stats::toString);
        assertEquals(0, stats.futuresTracked(), stats::toString);
    }

    @Test
    void aJavaFunctionCancelledBeforeItsSubscriptionIsNeverSubscribed() {
        AtomicBoolean subscribed = new AtomicBoolean();
        CleanRuntime runtime = track(runtime(Guests.IDS)
                .function("never", args -> Mono.never().doOnSubscribe(s -> subscribed.set(true)))
                .build());

        // cancelNever returns future_status * 10 + cancel_future: 3 (cancelled) * 10 + 1 (it took effect)
        StepVerifier.create(runtime.call("cancelNever", Integer.class)).expectNext(31).expectComplete().verify(VERIFY);
        RuntimeStats stats = idleStats(runtime);
        assertEquals(1, stats.futuresCancelled(), stats::toString);
        assertEquals(0, stats.futuresTracked(), stats::toString);
        assertFalse(subscribed.get() && stats.futuresPending() > 0, "a subscription, if it raced the cancel, was disposed");
    }

    @Test
    void awaitingAGuestOwnedFutureNobodyResolvesFailsFastWithDeadlockException() {
        CleanRuntime runtime = track(runtime(Guests.IDS).deadline(Duration.ofSeconds(20)).build());

        Duration took = StepVerifier.create(runtime.call("stuck", String.class))
                .expectErrorSatisfies(e -> {
                    DeadlockException deadlock = assertInstanceOf(DeadlockException.class, e);
                    assertTrue(deadlock.getMessage().contains("deadlock"), deadlock.getMessage());
                })
                .verify(VERIFY);
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "failed fast, not at the 20 s deadline: " + took);

        assertStillServes(runtime);
        RuntimeStats stats = idleStats(runtime);
        assertEquals(1, stats.futuresCancelled(), "the abandoned guest-owned future is cancelled: " + stats);
        assertEquals(0, stats.futuresTracked(), stats::toString);
    }

    @Test
    void aDeadlineStopsAGuestAwaitingAJavaFunctionAndCancelsThatFunction() {
        AtomicBoolean subscribed = new AtomicBoolean();
        AtomicBoolean cancelled = new AtomicBoolean();
        CleanRuntime runtime = track(runtime(Guests.IDS).deadline(Duration.ofMillis(300))
                .function("never", args -> Mono.never()
                        .doOnSubscribe(s -> subscribed.set(true))
                        .doOnCancel(() -> cancelled.set(true)))
                .build());

        StepVerifier.create(runtime.call("awaitJava", Integer.class))
                .expectError(CleanTimeoutException.class)
                .verify(VERIFY);

        assertStillServes(runtime);
        // The future only the timed-out guest knew is orphaned: its Java work must not run on forever.
        // (The future settles first, then its work is disposed; on a machine so slow that the function scheduler
        // had not subscribed it within the deadline, it is never subscribed at all.)
        awaitStats(runtime, s -> s.futuresPending() == 0 && subscribed.get() == cancelled.get(),
                "the orphaned future is settled and the Java subscription, if it started, is cancelled");
    }
}

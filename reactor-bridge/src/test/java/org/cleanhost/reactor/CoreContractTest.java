package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.cleanhost.wasm.CleanArgumentException;
import org.cleanhost.wasm.CleanTimeoutException;
import org.cleanhost.wasm.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The core contract (issue 10): every subscription ends with exactly one terminal signal, typed, whatever the
 * guest, the module or the caller does; and the runtime keeps serving afterwards.
 */
class CoreContractTest extends RuntimeTestSupport {
    static final String SELF_AWAIT = "self_await";
    /** Bound for a signal the runtime owes without any deadline of its own. */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    private CleanRuntime.Builder runtime(ExecutionMode mode) {
        return CleanRuntime.builder(Guests.module(SELF_AWAIT, mode)).console(console);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ExecutionMode.class)
    void primitiveResultTypesDecodeBoxed(ExecutionMode mode) {
        CleanRuntime runtime = track(runtime(mode).poolSize(1).build());
        StepVerifier.create(runtime.call("twice", long.class, 20L)).expectNext(40L).expectComplete().verify(PROMPTLY);
        StepVerifier.create(runtime.call("twice", int.class, 20L)).expectNext(40).expectComplete().verify(PROMPTLY);
        StepVerifier.create(runtime.call("half", double.class, 3.0)).expectNext(1.5).expectComplete().verify(PROMPTLY);
        StepVerifier.create(runtime.call("isEven", boolean.class, 4)).expectNext(true).expectComplete().verify(PROMPTLY);
        StepVerifier.create(runtime.call("isEven", Boolean.class, 3)).expectNext(false).expectComplete().verify(PROMPTLY);
    }

    @Test
    void badCallsFailTypedAtSubscriptionBeforeAnyInstanceIsTaken() {
        CleanRuntime runtime = track(runtime(ExecutionMode.COMPILED).poolSize(1).build());
        expectArgumentError(runtime.call("noSuchExport", String.class), "module exports no function 'noSuchExport'");
        expectArgumentError(runtime.call("twice", Long.class), "takes 1 argument(s), got 0");
        expectArgumentError(runtime.call("twice", Long.class, "20"), "argument 0 of export 'twice' is declared i64 but got String 20");
        expectArgumentError(runtime.call("twice", String.class, 20L), "cannot be decoded as String");
        expectArgumentError(runtime.call("isEven", Integer.class, 1L << 40), "does not fit in 32 bits");
        expectArgumentError(runtime.call("twice", Long.class, (Object) null), "got null");
        expectArgumentError(runtime.callForFuture("nope"), "module exports no function 'nope'");
        assertEquals(0, runtime.stats().instancesCreated(), "no instance was needed to refuse them");
        assertStillServes(runtime);
    }

    private static void expectArgumentError(Mono<?> call, String message) {
        StepVerifier.create(call).expectErrorSatisfies(e -> {
            assertInstanceOf(CleanArgumentException.class, e);
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }).verify(PROMPTLY);
    }

    @Test
    void aSubscriberThrowingInOnNextGetsExactlyOneTerminalSignal() throws InterruptedException {
        CleanRuntime runtime = track(runtime(ExecutionMode.COMPILED).poolSize(1).build());
        List<String> signals = new ArrayList<>();
        CountDownLatch terminated = new CountDownLatch(1);
        runtime.call("hello", String.class).subscribe(new CoreSubscriber<String>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(String value) {
                signals.add("next " + value);
                throw new IllegalStateException("subscriber bug");
            }

            @Override
            public void onError(Throwable t) {
                signals.add("error " + t.getMessage());
                terminated.countDown();
            }

            @Override
            public void onComplete() {
                signals.add("complete");
                terminated.countDown();
            }
        });
        assertTrue(terminated.await(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS));
        Thread.sleep(50); // a second terminal signal would arrive right after the first
        assertEquals(List.of("next hello", "error subscriber bug"), signals);
        assertStillServes(runtime);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ExecutionMode.class)
    void disposeStopsRunningGuestsAndFailsQueuedAndLaterCallsTyped(ExecutionMode mode) {
        CleanRuntime runtime = track(runtime(mode).poolSize(2).build());
        StepVerifier spinning = StepVerifier.create(runtime.call("spin", Void.class))
                .expectError(RuntimeDisposedException.class).verifyLater();
        StepVerifier sleeping = StepVerifier.create(runtime.call("nap", Void.class, 60_000L))
                .expectError(RuntimeDisposedException.class).verifyLater();
        awaitStats(runtime, s -> s.instancesInUse() == 2, "both guests run");
        StepVerifier queued = StepVerifier.create(runtime.call("hello", String.class))
                .expectError(RuntimeDisposedException.class).verifyLater();
        awaitStats(runtime, s -> s.guestRunsActive() == 3, "the third call waits for an instance");

        runtime.dispose();

        spinning.verify(PROMPTLY);
        sleeping.verify(PROMPTLY);
        queued.verify(PROMPTLY);
        StepVerifier.create(runtime.call("hello", String.class)).expectError(RuntimeDisposedException.class).verify(PROMPTLY);
        assertTrue(runtime.isDisposed());
        awaitStats(runtime, s -> s.guestRunsActive() == 0 && s.instancesInUse() == 0, "every run ended, every instance back");
    }

    @Test
    void disposeGracefullyLetsInFlightWorkFinishAndRefusesNewCalls() {
        CleanRuntime runtime = track(runtime(ExecutionMode.COMPILED).poolSize(1).build());
        StepVerifier napping = StepVerifier.create(runtime.call("nap", Void.class, 200L)).expectComplete().verifyLater();
        awaitStats(runtime, s -> s.instancesInUse() == 1, "the guest naps");
        StepVerifier closing = StepVerifier.create(runtime.disposeGracefully(Duration.ofSeconds(5))).expectComplete().verifyLater();
        awaitStats(runtime, s -> runtime.isDisposed(), "new calls are refused");
        StepVerifier.create(runtime.call("hello", String.class)).expectError(RuntimeDisposedException.class).verify(PROMPTLY);
        napping.verify(PROMPTLY);
        closing.verify(PROMPTLY);
    }

    @Test
    void disposeGracefullyStopsWhatOutlivesTheTimeout() {
        CleanRuntime runtime = track(runtime(ExecutionMode.COMPILED).poolSize(1).build());
        StepVerifier spinning = StepVerifier.create(runtime.call("spin", Void.class))
                .expectError(RuntimeDisposedException.class).verifyLater();
        awaitStats(runtime, s -> s.instancesInUse() == 1, "the guest spins");
        StepVerifier.create(runtime.disposeGracefully(Duration.ofMillis(100))).expectComplete().verify(PROMPTLY);
        spinning.verify(PROMPTLY);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ExecutionMode.class)
    void aPerCallDeadlineOverridesTheRuntimes(ExecutionMode mode) {
        CleanRuntime runtime = track(runtime(mode).poolSize(1).deadline(Duration.ofMinutes(5)).build());
        StepVerifier.create(runtime.call(Duration.ofMillis(100), "spin", Void.class))
                .expectError(CleanTimeoutException.class).verify(PROMPTLY);
        assertStillServes(runtime);
    }

    @ParameterizedTest(name = "{0}, pool of {1}")
    @org.junit.jupiter.params.provider.CsvSource({"COMPILED, 1", "COMPILED, 4", "INTERPRETED, 1", "INTERPRETED, 4"})
    void aTaskAwaitingItselfEndsInTaskDepthExceptionNamingTheChain(ExecutionMode mode, int poolSize) {
        CleanRuntime runtime = track(runtime(mode).poolSize(poolSize).maxTaskDepth(6).build());
        StepVerifier.create(runtime.call("start", Void.class)).expectErrorSatisfies(e -> {
            TaskDepthException depth = causeOf(e, TaskDepthException.class);
            assertNotNull(depth, () -> "no TaskDepthException in " + e);
            assertTrue(depth.getMessage().contains("maxTaskDepth (6): start -> start -> start -> start -> start -> start -> start"),
                    depth.getMessage());
        }).verify(VERIFY);
        // nothing is left broken: calls with and without deadlines still work
        assertStillServes(runtime);
        StepVerifier.create(runtime.call(Duration.ofSeconds(5), "twice", Long.class, 2L)).expectNext(4L).expectComplete().verify(PROMPTLY);
    }

    private static <E extends Throwable> E causeOf(Throwable e, Class<E> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    // ---- Java functions and the guests awaiting them (abi_abuse guest)

    @Test
    void aJavaFunctionCallingTheRuntimeIsRunByTheGuestWaitingForIt() {
        AtomicReference<CleanRuntime> self = new AtomicReference<>();
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console).poolSize(1)
                .queue(Duration.ofSeconds(30), 100)
                .function("nested", args -> self.get().call("hello", String.class))
                .build());
        self.set(runtime);
        // the one instance is held by the guest awaiting "nested", whose call needs an instance too
        StepVerifier.create(runtime.call("later", String.class, "nested", "[]"))
                .expectNext("hello").expectComplete().verify(PROMPTLY);
        StepVerifier.create(runtime.call("run", String.class, "nested", "[]"))
                .expectNext("hello").expectComplete().verify(PROMPTLY);
    }

    @Test
    void backgroundReturnsAtOnceEvenWhenTheJavaFunctionBlocksWhileSubscribed() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console).poolSize(1)
                .function("blocking", args -> Mono.fromCallable(() -> release.await(10, TimeUnit.SECONDS) ? "done" : "late"))
                .build());
        StepVerifier.create(runtime.call("fire", Void.class, "blocking", "[]")).expectComplete().verify(PROMPTLY);
        assertEquals(1, runtime.stats().futuresPending(), "the function still blocks, the guest call has returned");
        release.countDown();
    }

    @Test
    void aSlowOutcomeSubscriberLosesNothingWithinItsBufferAndDropsAreCounted() {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console).poolSize(1)
                .outcomeBuffer(4)
                .function("instant", args -> Mono.just("now"))
                .build());
        AtomicInteger seen = new AtomicInteger();
        StepVerifier slow = StepVerifier.create(runtime.taskOutcomes(TaskOutcome.Kind.BACKGROUND), 0)
                .thenRequest(1)
                .expectNextCount(1)
                .then(() -> fire(runtime, 3)) // 3 more: fit in the buffer of 4
                .thenRequest(3)
                .expectNextCount(3)
                .then(() -> fire(runtime, 10)) // 10 with no demand: the 6 oldest are dropped
                .thenRequest(Long.MAX_VALUE)
                .thenConsumeWhile(o -> seen.incrementAndGet() < 4)
                .thenCancel()
                .verifyLater();
        fire(runtime, 1);
        slow.verify(VERIFY);
        assertEquals(4, seen.get());
        assertEquals(6, idleStats(runtime).outcomesDropped());
    }

    private void fire(CleanRuntime runtime, int times) {
        for (int i = 0; i < times; i++) {
            StepVerifier.create(runtime.call("fire", Void.class, "instant", "[]")).expectComplete().verify(PROMPTLY);
        }
        StepVerifier.create(runtime.whenIdle()).expectComplete().verify(PROMPTLY);
    }

    @Test
    void outcomesCanBeSelectedByKind() {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console).poolSize(1)
                .function("instant", args -> Mono.just("now"))
                .build());
        StepVerifier.create(runtime.taskOutcomes(TaskOutcome.Kind.FUTURE).next())
                .then(() -> {
                    fire(runtime, 2);
                    StepVerifier.create(runtime.call("later", String.class, "instant", "[]")).expectNext("now").expectComplete().verify(PROMPTLY);
                })
                .assertNext(o -> {
                    assertEquals(TaskOutcome.Kind.FUTURE, o.kind());
                    assertEquals("now", o.value());
                })
                .expectComplete()
                .verify(PROMPTLY);
    }
}

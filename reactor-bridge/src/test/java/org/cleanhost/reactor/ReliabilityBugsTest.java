package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.cleanhost.wasm.CleanTimeoutException;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * Bugs in main code that the reliability tests found, each reduced to a reproduction (docs/reliability.md). Fixed
 * ones stay as regression tests; open ones are {@code @Disabled("bug: ...")} so the suite stays green. Run those
 * with {@code -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition -Dtest=ReliabilityBugsTest}.
 */
class ReliabilityBugsTest extends RuntimeTestSupport {
    private static final int MAX_PENDING = 8;

    /**
     * Was a bug until 4dd7d3e: release_future on a pending future_new only marked it released; nothing could
     * settle it afterwards, so it stayed pending and tracked forever and counted against maxPendingFutures (the
     * 9th future_new here was refused with CleanBusyException).
     */
    @Test
    void releasingAPendingGuestOwnedFutureDoesNotLeakIt() {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console).poolSize(2)
                .deadline(Duration.ofSeconds(10)).maxPendingFutures(MAX_PENDING).build());
        for (int i = 0; i < MAX_PENDING + 1; i++) { // more than maxPendingFutures: leaked futures would make it busy
            long id = runtime.call("newFuture", Integer.class).block(VERIFY);
            StepVerifier.create(runtime.call("release", Void.class, id)).expectComplete().verify(VERIFY);
            assertEquals(-1, runtime.call("status", Integer.class, id).block(VERIFY));
        }
        RuntimeStats stats = idleStats(runtime);
        assertEquals(0, stats.futuresPending(), "nothing can ever settle a released future_new: " + stats);
        assertEquals(0, stats.futuresTracked(), stats::toString);
        assertEquals(MAX_PENDING + 1, stats.futuresCancelled(), "releasing them cancelled them: " + stats);
    }

    /**
     * Was a bug until c9cb2f3: with the pool exhausted the caller runs its awaited task itself, its deadline's
     * interrupt surfaced as the task's CleanInterruptedException, and the caller got TaskFailedException.
     */
    @Test
    void aCallWhoseDeadlinePassesWhileItRunsItsAwaitedTaskItselfFailsWithCleanTimeoutException() {
        // poolSize 1: `later x = start spin()` cannot get a second instance, so the caller runs spin() itself
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console).poolSize(1)
                .deadline(Duration.ofMillis(300)).build());

        StepVerifier.create(runtime.call("later", String.class, "spin", "[]"))
                .expectErrorSatisfies(e -> {
                    CleanTimeoutException timeout = assertInstanceOf(CleanTimeoutException.class, e);
                    assertEquals("later", timeout.export());
                })
                .verify(VERIFY);
        assertStillServes(runtime);
    }

    /**
     * Was a bug until 4dd7d3e: GuestRun.execute abandoned the futures a call created only when the body threw; a
     * call cancelled while its guest finished normally dropped its result, so the future id the export returned
     * reached nobody and callForFuture could neither release nor cancel it: it stayed pending and tracked forever.
     */
    @Test
    void cancellingCallForFutureWhileTheExportReturnsTheIdCancelsAndForgetsTheFuture() throws InterruptedException {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        Sinks.Empty<Void> gate = Sinks.empty();
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console).poolSize(1)
                .deadline(Duration.ofSeconds(10))
                .function("gate", args -> gate.asMono())
                // like a blocking read of standard input: does not end early when the thread is interrupted
                .input(prompt -> {
                    reading.countDown();
                    boolean interrupted = false;
                    while (true) {
                        try {
                            answer.await();
                            break;
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return "typed";
                })
                .build());

        // createThenRead("gate") = create_future("gate"), then env.input, then return the id
        Disposable subscription = runtime.callForFuture("createThenRead", "gate", "[]").subscribe();
        assertTrue(reading.await(VERIFY.toMillis(), TimeUnit.MILLISECONDS), "the guest created the future and reads input");
        assertEquals(1, runtime.stats().futuresPending());
        subscription.dispose(); // callForFuture promises: cancelling the subscription cancels the future if still pending
        answer.countDown();     // the export now returns the id normally

        RuntimeStats stats = awaitStats(runtime, s -> s.guestRunsActive() == 0, "the call ended");
        stats = awaitStats(runtime, s -> s.futuresPending() == 0 && s.futuresTracked() == 0,
                "the future only the cancelled call knew is cancelled and forgotten; " + stats);
        assertEquals(1, stats.futuresCancelled(), stats::toString);
        assertStillServes(runtime);
        gate.tryEmitEmpty();
    }

    @Test
    void cancellingCallForFutureAtAnyMomentNeverLeaksTheFuture() {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console).poolSize(4)
                .deadline(Duration.ofSeconds(10))
                .function("instant", args -> Mono.just("now"))
                .build());
        java.util.Random random = new java.util.Random(20261126);
        for (int i = 0; i < 3000; i++) {
            Disposable subscription = runtime.callForFuture("create", "instant", "[]").subscribe();
            java.util.concurrent.locks.LockSupport.parkNanos(random.nextInt(300_000)); // vary where the cancel lands
            subscription.dispose();
        }
        RuntimeStats stats = idleStats(runtime);
        assertEquals(0, stats.futuresTracked(), "a future id only callForFuture knew was lost: " + stats);
    }

    @Test
    void cancellingCallsAtAnyMomentNeverLeaksAPooledInstance() {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console).poolSize(2)
                .queue(Duration.ofSeconds(2), 10_000)
                .deadline(Duration.ofSeconds(10))
                .build());
        java.util.Random random = new java.util.Random(20261126);
        for (int i = 0; i < 4000; i++) {
            Mono<String> hello = runtime.call("hello", String.class);
            Disposable[] subscriptions = {hello.subscribe(), hello.subscribe(), hello.subscribe(), hello.subscribe()};
            java.util.concurrent.locks.LockSupport.parkNanos(random.nextInt(400_000)); // vary where the cancels land
            for (Disposable subscription : subscriptions) {
                subscription.dispose();
            }
        }
        RuntimeStats stats = awaitStats(runtime, s -> s.guestRunsActive() == 0, "every call ended");
        awaitStats(runtime, s -> s.instancesInUse() == 0, "every instance went back to the pool; " + stats);
        assertStillServes(runtime);
    }
}

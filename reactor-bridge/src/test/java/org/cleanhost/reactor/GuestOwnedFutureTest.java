package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Futures the guest owns (ids.wat: {@code future_new}, {@code resolve_future}, {@code reject_future}) seen
 * from Java: {@link CleanRuntime#callForFuture} and the hot, replaying {@link CleanRuntime#future}.
 */
class GuestOwnedFutureTest extends RuntimeTestSupport {
    private CleanRuntime runtime;

    @BeforeEach
    void build() {
        runtime = track(CleanRuntime.builder(Guests.module(Guests.IDS)).console(console).poolSize(2)
                .deadline(Duration.ofSeconds(10)).build());
    }

    private long call(String export) {
        AtomicLong id = new AtomicLong();
        StepVerifier.create(runtime.call(export, Long.class))
                .consumeNextWith(id::set)
                .expectComplete()
                .verify(VERIFY);
        assertTrue(id.get() > 0, "a future id is positive: " + id.get());
        return id.get();
    }

    private void settle(long id, String value, int expected) {
        StepVerifier.create(runtime.call("settle", Integer.class, id, value))
                .expectNext(expected)
                .expectComplete()
                .verify(VERIFY);
    }

    private void release(long id) {
        StepVerifier.create(runtime.call("release", Void.class, id)).expectComplete().verify(VERIFY);
    }

    @Test
    void callForFutureEmitsTheValueTheGuestResolvedItWith() {
        StepVerifier.create(runtime.callForFuture("own"))
                .expectNext("mine")
                .expectComplete()
                .verify(VERIFY);
        RuntimeStats stats = idleStats(runtime);
        assertEquals(1, stats.futuresResolved(), stats::toString);
        assertEquals(0, stats.futuresTracked(), "callForFuture released the id: " + stats);
    }

    @Test
    void callForFutureIsColdEachSubscriptionCallsTheExportAgain() {
        Mono<String> own = runtime.callForFuture("own");
        StepVerifier.create(own).expectNext("mine").expectComplete().verify(VERIFY);
        StepVerifier.create(own).expectNext("mine").expectComplete().verify(VERIFY);
        assertEquals(2, idleStats(runtime).futuresCreated());
    }

    @Test
    void futureIsHotAndReplaysTheOneOutcomeToEarlyAndLateSubscribers() {
        long id = call("ownPending");
        Mono<String> future = runtime.future(id);

        // an early subscriber waits; a subscriber that cancels does not cancel the future
        StepVerifier early = StepVerifier.create(future).expectNext("resolved later").expectComplete().verifyLater();
        StepVerifier.create(future).expectSubscription().thenCancel().verify(VERIFY);
        assertEquals(1, runtime.stats().futuresPending(), "still pending, with or without subscribers");

        settle(id, "resolved later", 1); // another call (possibly another instance) resolves it

        early.verify(VERIFY);
        StepVerifier.create(future).expectNext("resolved later").expectComplete().verify(VERIFY);
        StepVerifier.create(runtime.future(id)).expectNext("resolved later").expectComplete().verify(VERIFY);

        settle(id, "second value", 0); // exactly once: the second resolve is refused
        StepVerifier.create(future).expectNext("resolved later").expectComplete().verify(VERIFY);

        release(id);
        StepVerifier.create(future)
                .expectErrorSatisfies(e -> assertEquals(id, assertInstanceOf(UnknownFutureException.class, e).futureId()))
                .verify(VERIFY);
        assertEquals(0, idleStats(runtime).futuresTracked());
    }

    @Test
    void aGuestOwnedFutureSettlesWithoutAnyJavaSubscriber() {
        long id = call("ownPending");
        settle(id, "nobody listened", 1);
        StepVerifier.create(runtime.future(id)).expectNext("nobody listened").expectComplete().verify(VERIFY);
        release(id);
    }

    @Test
    void rejectedFutureFailsWithGuestRejectedException() {
        StepVerifier.create(runtime.callForFuture("ownRejected"))
                .expectErrorSatisfies(e -> {
                    GuestRejectedException rejected = assertInstanceOf(GuestRejectedException.class, e);
                    assertEquals("card declined", rejected.reason());
                    assertTrue(rejected.getMessage().contains("card declined"), rejected.getMessage());
                })
                .verify(VERIFY);

        long id = call("ownRejected");
        for (int subscriber = 0; subscriber < 2; subscriber++) {
            StepVerifier.create(runtime.future(id))
                    .expectErrorSatisfies(e -> assertEquals("card declined",
                            assertInstanceOf(GuestRejectedException.class, e).reason()))
                    .verify(VERIFY);
        }
        release(id);
        assertEquals(2, idleStats(runtime).futuresFailed());
    }

    @Test
    void unknownIdFailsWithUnknownFutureException() {
        StepVerifier.create(runtime.future(987_654))
                .expectErrorSatisfies(e -> {
                    UnknownFutureException unknown = assertInstanceOf(UnknownFutureException.class, e);
                    assertEquals(987_654, unknown.futureId());
                })
                .verify(VERIFY);
        StepVerifier.create(runtime.future(-1)).expectError(UnknownFutureException.class).verify(VERIFY);
        StepVerifier.create(runtime.future(0)).expectError(UnknownFutureException.class).verify(VERIFY);
    }

    @Test
    void cancellingFromJavaIsATerminalStateTheSubscribersSee() {
        long id = call("ownPending");
        StepVerifier waiting = StepVerifier.create(runtime.future(id))
                .expectError(CleanCancelledException.class)
                .verifyLater();
        assertTrue(runtime.cancel(id));
        waiting.verify(VERIFY);
        assertFalse(runtime.cancel(id), "already cancelled");
        settle(id, "too late", 0);
        StepVerifier.create(runtime.future(id)).expectError(CleanCancelledException.class).verify(VERIFY);
        release(id);
    }
}

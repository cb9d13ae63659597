package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.cleanhost.wasm.CleanException;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A Java function whose publisher already holds its value ({@link Fuseable.ScalarCallable}: {@code Mono.just},
 * {@code Mono.empty}, {@code Flux.just(x)}, {@code Mono.error}) makes a future that is settled as it is created,
 * without a subscription. Whatever the value, that shortcut must give the guest, the outcome stream and the
 * stats exactly what subscribing would. ids.wat's {@code user()} is {@code later user = start db.findUser(42)},
 * then {@code return "got " + user}.
 */
class ReadyValueFunctionTest extends RuntimeTestSupport {

    private CleanRuntime runtimeWith(Supplier<Publisher<?>> function) {
        return track(CleanRuntime.builder(Guests.module(Guests.IDS)).console(console).poolSize(2)
                .deadline(Duration.ofSeconds(10))
                .backgroundFailureLogLevel(null)
                .function("db.findUser", args -> function.get())
                .build());
    }

    private void guestGets(Supplier<Publisher<?>> function, String expected) {
        CleanRuntime runtime = runtimeWith(function);
        List<TaskOutcome> outcomes = new CopyOnWriteArrayList<>();
        runtime.taskOutcomes().subscribe(outcomes::add);
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(runtime.call("user", String.class)).expectNext("got " + expected).expectComplete().verify(VERIFY);
        }
        RuntimeStats stats = idleStats(runtime);
        assertEquals(3, stats.futuresCreated(), stats::toString);
        assertEquals(3, stats.futuresResolved(), stats::toString);
        assertEquals(0, stats.futuresTracked(), "every id was released and forgotten: " + stats);
        assertEquals(3, outcomes.size(), outcomes::toString);
        for (TaskOutcome outcome : outcomes) {
            assertEquals(TaskOutcome.Kind.FUTURE, outcome.kind());
            assertEquals("db.findUser", outcome.task());
            assertEquals(expected, outcome.value());
            assertNull(outcome.errorType());
            assertEquals(Duration.ZERO, outcome.duration(), "settled as it was created");
        }
        assertNoLeaks(runtime);
    }

    @Test
    void aString() {
        guestGets(() -> Mono.just("Ada"), "Ada");
    }

    @Test
    void emptyIsTheEmptyString() {
        guestGets(Mono::empty, "");
    }

    @Test
    void aFluxOfOneElement() {
        guestGets(() -> Flux.just("first"), "first");
    }

    @Test
    void numbersAsTheGuestReadsThem() {
        guestGets(() -> Mono.just(42L), "42");
        guestGets(() -> Mono.just(2.5), "2.5");
        guestGets(() -> Mono.just(true), "true");
    }

    @Test
    void aValueAsJson() {
        guestGets(() -> Mono.just(List.of(1, "two")), "[1,\"two\"]");
    }

    /** A ready failure (or a value that cannot be encoded) fails the future, never the create_future import. */
    private void futureFails(Supplier<Publisher<?>> function, String messagePart) {
        CleanRuntime runtime = runtimeWith(function);
        List<TaskOutcome> outcomes = new CopyOnWriteArrayList<>();
        runtime.taskOutcomes().subscribe(outcomes::add);
        for (int i = 0; i < 3; i++) {
            // the guest reads get_result's 0 as a string: whatever it makes of it, the call ends typed
            StepVerifier.create(runtime.call("user", String.class).onErrorResume(CleanException.class, e -> Mono.just("typed")))
                    .expectNextCount(1).expectComplete().verify(VERIFY);
        }
        RuntimeStats stats = idleStats(runtime);
        assertEquals(3, stats.futuresCreated(), stats::toString);
        assertEquals(3, stats.futuresFailed(), stats::toString);
        assertEquals(0, stats.futuresResolved(), stats::toString);
        assertEquals(3, outcomes.size(), outcomes::toString);
        for (TaskOutcome outcome : outcomes) {
            assertEquals("TaskFailedException", outcome.errorType(), outcome::toString);
            assertTrue(outcome.errorMessage().contains(messagePart), outcome::toString);
        }
        assertNoLeaks(runtime);
    }

    @Test
    void aReadyError() {
        futureFails(() -> Mono.error(new IllegalStateException("card declined")), "card declined");
    }

    @Test
    void aScalarWhoseValueThrows() {
        futureFails(() -> new ThrowingScalar(), "no value today");
    }

    @Test
    void aValueTheCodecCannotEncode() {
        futureFails(() -> Mono.just(new Object()), "cannot encode");
    }

    /** A publisher that says it holds a value, then throws when asked for it. */
    private static final class ThrowingScalar implements Publisher<String>, Fuseable.ScalarCallable<String> {
        @Override
        public String call() {
            throw new IllegalArgumentException("no value today");
        }

        @Override
        public void subscribe(Subscriber<? super String> subscriber) {
            Mono.<String>error(new IllegalArgumentException("no value today")).subscribe(subscriber);
        }
    }
}

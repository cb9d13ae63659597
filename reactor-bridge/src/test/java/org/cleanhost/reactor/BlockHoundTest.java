package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * BlockHound is installed for the whole suite (blockhound-junit-platform), so guest code that ever ran on
 * a non-blocking thread would fail the tests that subscribe from {@link Schedulers#parallel()}
 * (LaterAndBackgroundTest, this class). This proves the detector is really armed.
 */
class BlockHoundTest extends RuntimeTestSupport {

    @Test
    void blockingOnAParallelThreadIsDetected() {
        StepVerifier.create(Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return "slept";
                }).subscribeOn(Schedulers.parallel()))
                .expectError(BlockingOperationError.class)
                .verify(VERIFY);
    }

    @Test
    void guestCallsAndTheirTasksSubscribedFromParallelNeverBlockIt() {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(Guests.IDS)).console(console).poolSize(1)
                .deadline(Duration.ofSeconds(10))
                .function("db.findUser", args -> Mono.just("user " + args.get(0)))
                .build());
        // poolSize 1: the second call waits for the instance and the task waits to be run by its awaiter
        StepVerifier.create(Mono.zip(runtime.call("start", Void.class).then(Mono.just("started")),
                                runtime.call("user", String.class))
                        .subscribeOn(Schedulers.parallel()))
                .assertNext(both -> assertEquals("got user 42", both.getT2()))
                .expectComplete()
                .verify(VERIFY);
        StepVerifier.create(runtime.callForFuture("own").subscribeOn(Schedulers.parallel()))
                .expectNext("mine")
                .expectComplete()
                .verify(VERIFY);
    }

    @Test
    void aRuntimeGivenANonBlockingSchedulerRefusesToRunGuestCodeOnIt() {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(Guests.CLN033)).console(console).poolSize(1)
                .scheduler(Schedulers.parallel()) // misconfigured: guest code blocks
                .build());
        StepVerifier.create(runtime.call("hello", String.class))
                .expectErrorSatisfies(e -> {
                    org.cleanhost.wasm.CleanException refused = assertInstanceOf(org.cleanhost.wasm.CleanException.class, e);
                    assertTrue(refused.getMessage().contains("non-blocking"), refused.getMessage());
                })
                .verify(VERIFY);
        assertEquals("", console.out(), "no guest code ran");
    }
}

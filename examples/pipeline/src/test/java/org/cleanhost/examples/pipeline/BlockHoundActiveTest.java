package org.cleanhost.examples.pipeline;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The suite runs under BlockHound (blockhound-junit-platform installs it): blocking on a non-blocking thread
 * such as the parallel scheduler's, where the pipeline's timers and retries run, fails.
 */
class BlockHoundActiveTest {

    @Test
    void blockingOnAParallelThreadIsDetected() {
        StepVerifier.create(Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return "slept";
                }).subscribeOn(Schedulers.parallel()))
                .expectErrorSatisfies(e -> assertInstanceOf(BlockingOperationError.class, e))
                .verify(Duration.ofSeconds(5));
    }
}

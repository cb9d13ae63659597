package org.cleanhost.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The suite runs under BlockHound (blockhound-junit-platform installs it): blocking on a non-blocking
 * thread fails. If this test fails, the other tests prove nothing about blocking.
 */
class BlockHoundActiveTest {

    @Test
    void blockingOnAParallelThreadIsDetected() {
        StepVerifier.create(Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return "slept";
                }).subscribeOn(Schedulers.parallel()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BlockingOperationError.class))
                .verify(Duration.ofSeconds(5));
    }
}

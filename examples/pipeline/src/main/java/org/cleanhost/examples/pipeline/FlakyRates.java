package org.cleanhost.examples.pipeline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * A stand-in for a remote exchange-rates service that is deliberately unreliable: the first {@code failFirst}
 * requests fail, every later one answers {@link #RATE} after {@code latency}. Deterministic, so tests can count
 * the retries. The guest starts it as the task {@code fx.rate}. Thread-safe.
 */
public final class FlakyRates {
    /** EUR per unit of the base currency; exact in binary, so sums of prices are exact too. */
    public static final double RATE = 1.25;

    private final int failFirst;
    private final Duration latency;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public FlakyRates(int failFirst, Duration latency) {
        this.failFirst = failFirst;
        this.latency = latency;
    }

    /** One request to the service: an error for the first {@code failFirst} requests, then the rate. */
    public Mono<Double> rate() {
        return Mono.defer(() -> {
            int attempt = attempts.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            AtomicBoolean done = new AtomicBoolean();
            Runnable leave = () -> {
                if (done.compareAndSet(false, true)) {
                    inFlight.decrementAndGet();
                }
            };
            Mono<Double> answer = attempt <= failFirst
                    ? Mono.delay(latency).then(Mono.error(new IllegalStateException(
                            "rates service unavailable (attempt " + attempt + ")")))
                    : Mono.delay(latency).thenReturn(RATE);
            // leave before the signal travels on: whoever reacts to it (a retry) is a new request
            return answer.doOnSuccess(rate -> leave.run())
                    .doOnError(e -> {
                        failures.incrementAndGet();
                        leave.run();
                    })
                    .doOnCancel(leave);
        });
    }

    /** Requests made so far, failed or not. */
    public int attempts() {
        return attempts.get();
    }

    /** Requests that failed. */
    public int failures() {
        return failures.get();
    }

    /** The most requests that were in flight at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }
}

package org.cleanhost.examples.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.cleanhost.examples.pipeline.PricingPipeline.Line;
import org.cleanhost.examples.pipeline.PricingPipeline.Settings;
import org.cleanhost.examples.pipeline.PricingPipeline.Summary;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.reactor.TaskFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class PricingPipelineTest {
    private static final Duration VERIFY = Duration.ofSeconds(20);
    private static final Settings FAST_RETRIES =
            new Settings(4, Duration.ofSeconds(10), Duration.ofSeconds(30), 3, Duration.ofMillis(5));

    private final Scheduler guests = Schedulers.newBoundedElastic(8, 1000, "test-guest");
    private CleanRuntime runtime;

    @AfterEach
    void dispose() {
        if (runtime != null) {
            runtime.dispose();
        }
        guests.dispose();
    }

    private PricingPipeline pipeline(FlakyRates rates, Settings settings) {
        runtime = PricingGuest.runtime(rates::rate, 4, Duration.ofSeconds(5), guests);
        return new PricingPipeline(runtime, settings, Schedulers.parallel());
    }

    /** What the guest computes, in Java: base price (1000 + id * 250 % 5000 cents) at the rate, in EUR. */
    private static double expectedAmount(int orderId) {
        return (1000 + orderId * 250 % 5000) * FlakyRates.RATE / 100;
    }

    private static int expectedShipping(int orderId) {
        return orderId % 3 == 0 ? 0 : 499;
    }

    @Test
    void everyOrderIsPricedFromTwoZippedGuestCalls() {
        PricingPipeline pipeline = pipeline(new FlakyRates(0, Duration.ofMillis(2)), FAST_RETRIES);
        StepVerifier.create(pipeline.lines(Flux.just(1, 2, 3)).sort(Comparator.comparingInt(Line::orderId)))
                .expectNext(new Line(1, 15.625, 499))     // 1250 cents * 1.25 / 100
                .expectNext(new Line(2, 18.75, 499))      // 1500 cents
                .expectNext(new Line(3, 21.875, 0))       // 1750 cents; every third order ships free
                .expectComplete()
                .verify(VERIFY);
    }

    @Test
    void theSummaryIsTheReductionOfAllLinesAndFailedRatesAreRetried() {
        FlakyRates rates = new FlakyRates(3, Duration.ofMillis(2));
        PricingPipeline pipeline = pipeline(rates, FAST_RETRIES);
        int orders = 12;
        double subtotal = IntStream.rangeClosed(1, orders).mapToDouble(PricingPipelineTest::expectedAmount).sum();
        long shipping = IntStream.rangeClosed(1, orders).map(PricingPipelineTest::expectedShipping).sum();

        StepVerifier.create(pipeline.summarize(Flux.range(1, orders)))
                .assertNext(summary -> {
                    assertEquals(orders, summary.orders());
                    assertEquals(subtotal, summary.subtotal()); // exact: multiples of 1/8
                    assertEquals(shipping, summary.shippingCents());
                    assertEquals(subtotal + shipping / 100.0, summary.total());
                })
                .expectComplete()
                .verify(VERIFY);

        // the three failures were retried: one more request each, and the guest saw each as a failed task
        assertEquals(3, rates.failures());
        assertEquals(orders + 3, rates.attempts());
        assertEquals(3, runtime.stats().futuresFailed());
        assertEquals(orders, runtime.stats().futuresResolved());
    }

    @Test
    void concurrencyIsBoundedByFlatMap() {
        FlakyRates rates = new FlakyRates(0, Duration.ofMillis(20));
        PricingPipeline pipeline = pipeline(rates, FAST_RETRIES);
        StepVerifier.create(pipeline.lines(Flux.range(1, 16)))
                .expectNextCount(16)
                .expectComplete()
                .verify(VERIFY);
        assertEquals(16, rates.attempts());
        assertTrue(rates.maxInFlight() >= 1 && rates.maxInFlight() <= 4, "at most 4 at once: " + rates.maxInFlight());
    }

    @Test
    void retriesGiveUpAfterMaxRetriesWithTheGuestsTaskFailureAsCause() {
        FlakyRates rates = new FlakyRates(Integer.MAX_VALUE, Duration.ofMillis(1)); // never recovers
        Settings twoRetries = new Settings(4, Duration.ofSeconds(10), Duration.ofSeconds(30), 2, Duration.ofMillis(5));
        PricingPipeline pipeline = pipeline(rates, twoRetries);

        StepVerifier.create(pipeline.price(7))
                .expectErrorSatisfies(e -> {
                    assertTrue(Exceptions.isRetryExhausted(e), "retries exhausted: " + e);
                    TaskFailedException failed = assertInstanceOf(TaskFailedException.class, e.getCause());
                    assertEquals("fx.rate", failed.task());
                    assertEquals("rates service unavailable (attempt 3)", failed.getCause().getMessage());
                })
                .verify(VERIFY);
        assertEquals(3, rates.attempts()); // the first try and two retries
    }

    @Test
    void aStalledOrderTimesOutInVirtualTimeAndItsGuestIsStopped() {
        AtomicInteger requests = new AtomicInteger();
        CountDownLatch guestWaiting = new CountDownLatch(1);
        AtomicBoolean cancelled = new AtomicBoolean();
        // a rates service that never answers: the guest waits in _async_await until someone stops it
        runtime = PricingGuest.runtime(() -> Mono.never()
                .doOnSubscribe(s -> {
                    requests.incrementAndGet();
                    guestWaiting.countDown();
                })
                .doOnCancel(() -> cancelled.set(true)), 4, Duration.ofMinutes(5), guests);
        Settings settings = new Settings(4, Duration.ofSeconds(30), Duration.ofMinutes(2), 3, Duration.ofMillis(5));

        StepVerifier.withVirtualTime(() ->
                        // built inside the supplier: Schedulers.parallel() is the virtual-time scheduler here
                        new PricingPipeline(runtime, settings, Schedulers.parallel()).summarize(Flux.just(1)))
                .expectSubscription()
                // real time: wait until the guest is inside quote(), waiting for fx.rate
                .then(() -> awaitLatch(guestWaiting))
                .expectNoEvent(Duration.ofSeconds(29)) // 29 virtual seconds pass at once, and nothing happens
                .thenAwait(Duration.ofSeconds(1))      // the order's 30 s deadline
                .expectError(TimeoutException.class)
                .verify(VERIFY);

        // the timeout cancelled the guest call: the guest thread was interrupted, its instance discarded
        eventually(Duration.ofSeconds(10), () -> runtime.stats().guestRunsActive() == 0
                && runtime.stats().instancesDiscarded() == 1);
        assertEquals(1, requests.get());
        // The stalled fx.rate subscription outlives the cancelled call (reactor-bridge leaves an _async_await
        // future pending when the call awaiting it is cancelled); disposing the runtime cancels it.
        runtime.dispose();
        eventually(Duration.ofSeconds(5), cancelled::get);
    }

    /** Polls {@code condition} until it holds, failing after {@code atMost}. */
    private static void eventually(Duration atMost, BooleanSupplier condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + atMost);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "the guest did not start fx.rate");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void mainPrintsASummary() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summary summary = PipelineMain.run(8, 2, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(8, summary.orders());
        assertTrue(out.contains("priced 8 orders"), out);
        assertTrue(out.contains("fx.rate: 10 requests, 2 failed and retried with backoff"), out);
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "total    %10.2f EUR", summary.total())), out);
    }
}

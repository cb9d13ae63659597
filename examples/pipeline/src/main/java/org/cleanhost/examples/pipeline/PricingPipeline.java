package org.cleanhost.examples.pipeline;

import java.time.Duration;
import java.util.Objects;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.reactor.TaskFailedException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * Prices a stream of orders with the Clean guest (src/main/resources/guests/pricing.wat), composing guest
 * calls with plain Reactor operators:
 *
 * <pre>
 * order ids ──flatMap(≤ concurrency)──▶ zip( quote(id)    ── retryWhen(backoff) on a failed fx.rate
 *                                             shipping(id) )                     ── timeout per order
 *           ──reduce──▶ Summary ── timeout overall
 * </pre>
 *
 * <p>{@code quote(id)} is guest code that starts the Java function {@code fx.rate} ({@code later rate = start
 * fx.rate()}); when that fails, the guest call fails with {@link TaskFailedException} and only that call is
 * retried, with exponential backoff. Nothing here blocks: guest code runs on the runtime's scheduler, timers on
 * {@code timer} (a virtual-time scheduler in tests).
 */
public final class PricingPipeline {

    /**
     * @param concurrency how many orders are priced at once
     * @param orderTimeout deadline for one order, retries included
     * @param overallTimeout deadline for the whole stream
     * @param maxRetries retries of one quote after a failed {@code fx.rate}
     * @param firstBackoff the first retry's delay; later ones grow exponentially, with jitter
     */
    public record Settings(int concurrency, Duration orderTimeout, Duration overallTimeout, int maxRetries,
            Duration firstBackoff) {
        public static Settings defaults() {
            return new Settings(4, Duration.ofSeconds(5), Duration.ofSeconds(60), 3, Duration.ofMillis(20));
        }
    }

    /** One priced order: the quote in EUR and the shipping in cents. */
    public record Line(int orderId, double amount, int shippingCents) {}

    /** The reduction of all lines. */
    public record Summary(int orders, double subtotal, long shippingCents) {
        public static final Summary EMPTY = new Summary(0, 0, 0);

        public Summary add(Line line) {
            return new Summary(orders + 1, subtotal + line.amount(), shippingCents + line.shippingCents());
        }

        public double total() {
            return subtotal + shippingCents / 100.0;
        }
    }

    private final CleanRuntime runtime;
    private final Settings settings;
    private final Scheduler timer;

    public PricingPipeline(CleanRuntime runtime, Settings settings, Scheduler timer) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timer = Objects.requireNonNull(timer, "timer");
    }

    /** Every order priced, in completion order, at most {@code concurrency} at a time. */
    public Flux<Line> lines(Flux<Integer> orderIds) {
        return orderIds.flatMap(this::price, settings.concurrency());
    }

    /** All orders reduced to one {@link Summary}, or a {@link java.util.concurrent.TimeoutException}. */
    public Mono<Summary> summarize(Flux<Integer> orderIds) {
        return lines(orderIds)
                .reduce(Summary.EMPTY, Summary::add)
                .timeout(settings.overallTimeout(), timer);
    }

    /** One order: two guest calls in parallel, zipped; the quote retried when its fx.rate task failed. */
    public Mono<Line> price(int orderId) {
        Mono<Double> quote = runtime.call("quote", Double.class, orderId)
                .retryWhen(Retry.backoff(settings.maxRetries(), settings.firstBackoff())
                        .filter(TaskFailedException.class::isInstance)
                        .scheduler(timer));
        Mono<Integer> shipping = runtime.call("shipping", Integer.class, orderId);
        return Mono.zip(quote, shipping, (amount, cents) -> new Line(orderId, amount, cents))
                .timeout(settings.orderTimeout(), timer);
    }
}

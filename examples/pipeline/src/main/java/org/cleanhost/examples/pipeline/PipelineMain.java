package org.cleanhost.examples.pipeline;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.reactor.RuntimeStats;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Prices orders 1..N through the Clean guest and prints a summary.
 *
 * <pre>
 * mvn -B -q install -DskipTests -pl examples/pipeline -am
 * mvn -B -q -pl examples/pipeline exec:java                          # 20 orders, fx.rate fails 3 times
 * mvn -B -q -pl examples/pipeline exec:java -Dexec.args="100 5"      # 100 orders, 5 failures
 * </pre>
 *
 * Standard output carries the summary; the runtime's log (slf4j-simple) goes to standard error.
 */
public final class PipelineMain {

    private PipelineMain() {}

    public static void main(String[] args) {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int failFirst = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        run(orders, failFirst, System.out);
    }

    /** Runs the pipeline over orders 1..{@code orders} with a rates service failing {@code failFirst} times. */
    public static PricingPipeline.Summary run(int orders, int failFirst, PrintStream out) {
        PricingPipeline.Settings settings = PricingPipeline.Settings.defaults();
        FlakyRates rates = new FlakyRates(failFirst, Duration.ofMillis(10));
        Scheduler guests = Schedulers.newBoundedElastic(8, 10_000, "pricing-guest");
        CleanRuntime runtime = PricingGuest.runtime(rates::rate, settings.concurrency(), Duration.ofSeconds(2), guests);
        try {
            PricingPipeline pipeline = new PricingPipeline(runtime, settings, Schedulers.parallel());
            long start = System.nanoTime();
            PricingPipeline.Summary summary = pipeline.summarize(Flux.range(1, orders)).block();
            long millis = (System.nanoTime() - start) / 1_000_000;
            RuntimeStats stats = runtime.stats();
            out.printf(Locale.ROOT, "priced %d orders in %d ms (%d at a time)%n", summary.orders(), millis,
                    settings.concurrency());
            out.printf(Locale.ROOT, "  subtotal %10.2f EUR%n", summary.subtotal());
            out.printf(Locale.ROOT, "  shipping %10.2f EUR%n", summary.shippingCents() / 100.0);
            out.printf(Locale.ROOT, "  total    %10.2f EUR%n", summary.total());
            out.printf(Locale.ROOT, "fx.rate: %d requests, %d failed and retried with backoff, at most %d at once%n",
                    rates.attempts(), rates.failures(), rates.maxInFlight());
            out.printf(Locale.ROOT, "runtime: %d tasks started by the guest (%d resolved, %d failed), "
                    + "%d instances created, %d discarded%n", stats.futuresCreated(), stats.futuresResolved(),
                    stats.futuresFailed(), stats.instancesCreated(), stats.instancesDiscarded());
            return summary;
        } finally {
            runtime.dispose();
            guests.dispose();
        }
    }
}

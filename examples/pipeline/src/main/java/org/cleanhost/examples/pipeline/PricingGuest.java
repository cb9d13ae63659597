package org.cleanhost.examples.pipeline;

import java.time.Duration;
import java.util.function.Supplier;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.ExecutionMode;
import org.reactivestreams.Publisher;
import reactor.core.scheduler.Scheduler;

/** Builds the {@link CleanRuntime} for the bundled pricing guest. */
public final class PricingGuest {
    /** The guest, on the class path. */
    public static final String RESOURCE = "/guests/pricing.wasm";

    private static volatile CleanModule module;

    private PricingGuest() {}

    /** The compiled module; compiled once per JVM (about a tenth of a second), then shared. */
    public static CleanModule module() {
        CleanModule m = module;
        if (m == null) {
            synchronized (PricingGuest.class) {
                m = module;
                if (m == null) {
                    module = m = CleanModule.loadResource(RESOURCE, ExecutionMode.COMPILED);
                }
            }
        }
        return m;
    }

    /**
     * A runtime whose {@code fx.rate} task is {@code rates}, with {@code poolSize} instances running guest code
     * on {@code scheduler} (one whose threads may block), each call stopped after {@code deadline}.
     */
    public static CleanRuntime runtime(Supplier<? extends Publisher<?>> rates, int poolSize, Duration deadline,
            Scheduler scheduler) {
        return CleanRuntime.builder(module())
                .poolSize(poolSize)
                .deadline(deadline)
                .scheduler(scheduler)
                .function("fx.rate", args -> rates.get())
                .build();
    }
}

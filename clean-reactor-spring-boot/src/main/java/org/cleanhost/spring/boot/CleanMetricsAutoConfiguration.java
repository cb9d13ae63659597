package org.cleanhost.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.reactor.CleanRuntimeMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Binds {@link CleanRuntimeMetrics} ({@code clean.futures}, {@code clean.pool.instances},
 * {@code clean.task.duration}...) to the application's {@link MeterRegistry} when it has one, for the
 * auto-configured runtime or the application's own.
 */
@AutoConfiguration(after = CleanAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, CleanRuntime.class})
@ConditionalOnBean({MeterRegistry.class, CleanRuntime.class})
public class CleanMetricsAutoConfiguration {

    /**
     * Not a {@code MeterBinder} bean on purpose: Boot would bind it to every registry while this binds it once,
     * to the primary registry (the composite one when Boot made it), also without Boot's metrics auto-configuration.
     */
    @Bean(destroyMethod = "close")
    CleanMetricsBinding cleanMetricsBinding(CleanRuntime runtime, MeterRegistry registry) {
        CleanRuntimeMetrics metrics = new CleanRuntimeMetrics(runtime, Tags.empty());
        metrics.bindTo(registry);
        return new CleanMetricsBinding(metrics);
    }

    /** Holds the binding so it is closed (task-duration subscription disposed) with the context. */
    static final class CleanMetricsBinding implements AutoCloseable {
        private final CleanRuntimeMetrics metrics;

        CleanMetricsBinding(CleanRuntimeMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public void close() {
            metrics.close();
        }
    }
}

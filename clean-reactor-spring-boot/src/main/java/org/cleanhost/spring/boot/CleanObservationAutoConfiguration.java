package org.cleanhost.spring.boot;

import io.micrometer.observation.ObservationRegistry;
import org.cleanhost.reactor.CleanRuntime;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer observations of guest calls ({@link CleanObservations}) and of the Java functions guests start,
 * when Micrometer's observation API is present (io.micrometer:context-propagation is not needed). Without an {@link ObservationRegistry}
 * bean the helper still works and observes nothing.
 */
@AutoConfiguration(after = CleanAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationRegistry.class, CleanRuntime.class})
public class CleanObservationAutoConfiguration {

    /** Wraps every {@link CleanFunction} bean in a child observation (see {@link CleanObservations}). */
    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    FunctionDecorator cleanFunctionObservations(ObservationRegistry registry) {
        return CleanObservations.functionDecorator(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(CleanRuntime.class)
    CleanObservations cleanObservations(CleanRuntime runtime, ObjectProvider<ObservationRegistry> registry) {
        return new CleanObservations(runtime, registry.getIfAvailable(() -> ObservationRegistry.NOOP));
    }
}

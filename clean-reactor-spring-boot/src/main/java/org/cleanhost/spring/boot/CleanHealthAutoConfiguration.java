package org.cleanhost.spring.boot;

import java.time.Clock;
import org.cleanhost.reactor.CleanRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Adds the runtime to the application's health ({@code /actuator/health/clean} with Actuator) when
 * {@code spring-boot-health} is present; {@code management.health.clean.enabled=false} switches it off.
 */
@AutoConfiguration(after = CleanAutoConfiguration.class)
@ConditionalOnClass({ReactiveHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, CleanRuntime.class})
@ConditionalOnBean(CleanRuntime.class)
public class CleanHealthAutoConfiguration {

    /** Nested so its condition is only read when {@code spring-boot-health} is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("clean")
    static class IndicatorConfiguration {

        /** Named so the contributor is {@code clean}. */
        @Bean
        @ConditionalOnMissingBean(name = "cleanHealthIndicator")
        ReactiveHealthIndicator cleanHealthIndicator(CleanRuntime runtime) {
            return new CleanHealthIndicator(runtime, Clock.systemUTC());
        }
    }
}

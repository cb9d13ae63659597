package org.cleanhost.spring.boot;

import org.cleanhost.reactor.CleanRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerSentEvent;

/**
 * Web helpers for the runtime in a web application: {@link CleanTaskEvents} (task outcomes as Server-Sent
 * Events) and, with {@code clean.web.problem-details=true}, {@link CleanProblemDetails}.
 */
@AutoConfiguration(after = CleanAutoConfiguration.class)
@ConditionalOnClass({ServerSentEvent.class, ProblemDetail.class, CleanRuntime.class})
@ConditionalOnWebApplication
@ConditionalOnBean(CleanRuntime.class)
public class CleanWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CleanTaskEvents cleanTaskEvents(CleanRuntime runtime, CleanProperties properties) {
        return new CleanTaskEvents(runtime, properties.getWeb().getHeartbeat());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "clean.web.problem-details", havingValue = "true")
    CleanProblemDetails cleanProblemDetails() {
        return new CleanProblemDetails();
    }
}

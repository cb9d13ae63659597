package org.cleanhost.examples.webflux;

import java.time.Duration;
import org.cleanhost.wasm.ExecutionMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * The {@code clean.*} settings of the app (application.yml).
 *
 * @param module where the guest's {@code .wasm} is: {@code classpath:...}, {@code file:...} or a URL
 * @param executionMode {@code compiled} (Chicory's runtime compiler, the default) or {@code interpreted}
 * @param poolSize how many guest instances may run at once
 * @param warmUp how many instances to create at startup
 * @param deadline how long one guest call or task may run before it is stopped (HTTP 504); empty for none
 * @param acquireTimeout how long a request may wait for a free instance before HTTP 503
 * @param maxPendingCalls how many requests may wait for an instance at once before HTTP 503
 * @param heartbeat how often {@code GET /tasks} sends an SSE comment to keep idle connections open
 */
@ConfigurationProperties("clean")
public record CleanProperties(
        @DefaultValue("classpath:guests/webflux.wasm") Resource module,
        @DefaultValue("compiled") ExecutionMode executionMode,
        @DefaultValue("4") int poolSize,
        @DefaultValue("0") int warmUp,
        Duration deadline,
        @DefaultValue("5s") Duration acquireTimeout,
        @DefaultValue("1000") int maxPendingCalls,
        @DefaultValue("15s") Duration heartbeat) {}

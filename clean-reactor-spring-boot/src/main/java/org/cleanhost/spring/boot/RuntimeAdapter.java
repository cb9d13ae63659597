package org.cleanhost.spring.boot;

import java.time.Duration;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.reactor.TaskOutcome;
import reactor.core.publisher.Mono;

/**
 * The only places that use reactor-bridge API still being redesigned (issue 10); each becomes a one-line call
 * when it lands: {@code runtime.disposeGracefully(timeout)}, {@code outcome.errorType()},
 * {@code outcome.errorMessage()}.
 */
final class RuntimeAdapter {
    private RuntimeAdapter() {}

    /** In-flight work drains up to {@code timeout}, then the runtime is disposed; completes when disposed. */
    static Mono<Void> disposeGracefully(CleanRuntime runtime, Duration timeout) {
        return runtime.whenIdle().timeout(timeout, Mono.empty()).then(Mono.fromRunnable(runtime::dispose));
    }

    /** The failure's simple class name, or {@code null} when the task succeeded. */
    static String errorType(TaskOutcome outcome) {
        return outcome.error() == null ? null : outcome.error().getClass().getSimpleName();
    }

    /** The failure's message, or {@code null} when the task succeeded. */
    static String errorMessage(TaskOutcome outcome) {
        return outcome.error() == null ? null : outcome.error().getMessage();
    }
}

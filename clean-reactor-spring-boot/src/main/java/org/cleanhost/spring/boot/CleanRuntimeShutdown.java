package org.cleanhost.spring.boot;

import java.time.Duration;
import org.cleanhost.reactor.CleanRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Disposes the auto-configured runtime when the context closes, after the web server has stopped taking
 * requests (beans are destroyed after lifecycle beans stop): in-flight guest calls and tasks drain for up to
 * the timeout, then pending futures are cancelled and the instances discarded. Blocks the closing thread.
 */
final class CleanRuntimeShutdown implements DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(CleanRuntimeShutdown.class);

    private final CleanRuntime runtime;
    private final Duration timeout;

    CleanRuntimeShutdown(CleanRuntime runtime, Duration timeout) {
        this.runtime = runtime;
        this.timeout = timeout;
    }

    @Override
    public void destroy() {
        if (runtime.isDisposed()) {
            return;
        }
        long started = System.nanoTime();
        try {
            runtime.disposeGracefully(timeout).block(timeout.plusSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("Clean runtime did not shut down gracefully; disposing it now", e);
        } finally {
            runtime.dispose(); // idempotent; covers a drain that failed or overran
        }
        LOG.debug("Clean runtime disposed after {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
}

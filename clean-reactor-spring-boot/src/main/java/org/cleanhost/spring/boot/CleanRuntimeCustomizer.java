package org.cleanhost.spring.boot;

import org.cleanhost.reactor.CleanRuntime;

/**
 * Adjusts the auto-configured runtime's builder after the {@code clean.*} properties, the
 * {@link CleanFunction} beans, the console and the codec were applied (so a customizer wins). Beans of this
 * type run in {@link org.springframework.core.Ordered} order, once, while the runtime bean is created.
 */
@FunctionalInterface
public interface CleanRuntimeCustomizer {

    /** @param builder the builder the runtime is built from; do not call {@code build()} */
    void customize(CleanRuntime.Builder builder);
}

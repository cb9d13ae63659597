package org.cleanhost.examples.webflux;

import java.io.IOException;
import java.io.InputStream;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.wasm.CleanModule;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link CleanRuntime} of the app, built from {@link CleanProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CleanProperties.class)
public class CleanConfiguration {

    /** Logger that receives the guest's console output. */
    public static final String GUEST_LOGGER = "clean.guest";

    /**
     * Loads and compiles the module once (blocking, at startup), links it with the app's Java functions and
     * pools its instances. Disposed with the context: pending futures are cancelled, instances discarded.
     */
    @Bean(destroyMethod = "dispose")
    public CleanRuntime cleanRuntime(CleanProperties properties, UserRepository users) throws IOException {
        CleanModule module;
        try (InputStream in = properties.module().getInputStream()) {
            module = CleanModule.load(in.readAllBytes(), properties.executionMode());
        }
        CleanRuntime.Builder builder = CleanRuntime.builder(module)
                .poolSize(properties.poolSize())
                .warmUp(properties.warmUp())
                .queue(properties.acquireTimeout(), properties.maxPendingCalls())
                .console(new Slf4jGuestConsole(LoggerFactory.getLogger(GUEST_LOGGER)))
                // `later user = start db.findUser(id)`: the guest passes [id]; the Mono's User crosses as JSON
                .function("db.findUser", args -> users.findById(((Number) args.get(0)).longValue()));
        if (properties.deadline() != null) {
            builder.deadline(properties.deadline());
        }
        return builder.build();
    }
}

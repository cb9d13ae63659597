package org.cleanhost.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.reactor.TaskCodec;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanLinkException;
import org.cleanhost.wasm.CleanModule;
import org.reactivestreams.Publisher;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configures one {@link CleanRuntime} from the {@code clean.*} properties ({@link CleanProperties}), the
 * application's {@link CleanFunction} and {@link CleanRuntimeCustomizer} beans and, when there is one, its
 * Jackson 3 {@link JsonMapper} (as the runtime's {@link TaskCodec}). Backs off when the application defines
 * its own {@code CleanRuntime}. The runtime is built (module loaded and compiled, warm-up instances created)
 * while the context starts, and disposed gracefully when it closes: in-flight guest calls and tasks drain for
 * up to {@code clean.shutdown.timeout}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(CleanRuntime.class)
@EnableConfigurationProperties(CleanProperties.class)
public class CleanAutoConfiguration {

    /** The runtime and its graceful shutdown, unless the application has its own runtime. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(CleanRuntime.class)
    static class RuntimeConfiguration {

        /**
         * Destroyed by {@link #cleanRuntimeShutdown}, not by Spring's inferred {@code close()}/{@code dispose()},
         * which would cut in-flight work short.
         */
        @Bean(destroyMethod = "")
        CleanRuntime cleanRuntime(CleanProperties properties, ObjectProvider<CleanFunction> functions,
                ObjectProvider<CleanRuntimeCustomizer> customizers, ObjectProvider<TaskCodec> codec,
                ObjectProvider<FunctionDecorator> decorator) {
            CleanModule module = loadModule(properties);
            CleanRuntime.Builder builder = CleanRuntime.builder(module);
            configure(builder, properties);
            builder.console(new Slf4jGuestConsole(LoggerFactory.getLogger(properties.getConsole().getLogger())));
            builder.taskCodec(codec.getIfAvailable(TaskCodec::defaults));
            FunctionDecorator decorate = decorator.getIfAvailable(() -> (name, function) -> function);
            for (Map.Entry<String, Function<List<Object>, ? extends Publisher<?>>> function
                    : uniqueFunctions(functions.orderedStream().collect(Collectors.toList())).entrySet()) {
                builder.function(function.getKey(), decorate.decorate(function.getKey(), function.getValue()));
            }
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            try {
                return builder.build();
            } catch (CleanLinkException e) {
                throw new InvalidCleanPropertyException("clean.module", properties.getModule(),
                        "the module needs imports this host does not provide (clean.lenient-imports=true leaves them"
                                + " unbound): " + e.getMessage(), e);
            } catch (CleanException e) {
                throw new InvalidCleanPropertyException("clean.module", properties.getModule(), e.getMessage(), e);
            }
        }

        @Bean
        CleanRuntimeShutdown cleanRuntimeShutdown(CleanRuntime cleanRuntime, CleanProperties properties) {
            return new CleanRuntimeShutdown(cleanRuntime, properties.getShutdown().getTimeout());
        }
    }

    /** Java function results serialise with the application's Jackson 3 settings. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JacksonCodecConfiguration {

        @Bean
        @ConditionalOnMissingBean(TaskCodec.class)
        @ConditionalOnBean(JsonMapper.class)
        TaskCodec cleanTaskCodec(JsonMapper jsonMapper) {
            return new JsonMapperTaskCodec(jsonMapper);
        }
    }

    // ---- building ----

    static CleanModule loadModule(CleanProperties properties) {
        Resource resource = properties.getModule();
        if (resource == null) {
            throw new InvalidCleanPropertyException("clean.module", null,
                    "no module configured: set it to the guest's .wasm (classpath:app.wasm or file:/path/app.wasm)", null);
        }
        if (properties.getExecutionMode() == null) {
            throw new InvalidCleanPropertyException("clean.execution-mode", null, "must be COMPILED or INTERPRETED", null);
        }
        if (!resource.exists()) {
            throw new InvalidCleanPropertyException("clean.module", resource.getDescription(), "no such file or resource", null);
        }
        byte[] bytes;
        try (InputStream in = resource.getInputStream()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidCleanPropertyException("clean.module", resource.getDescription(),
                    "cannot be read: " + e.getMessage(), e);
        }
        try {
            return CleanModule.load(bytes, properties.getExecutionMode());
        } catch (CleanException e) {
            throw new InvalidCleanPropertyException("clean.module", resource.getDescription(),
                    "not a usable Clean module: " + e.getMessage(), e);
        }
    }

    /** Applies every property but the module, checking each first so the failure names it. */
    static void configure(CleanRuntime.Builder builder, CleanProperties p) {
        require(p.getPoolSize() >= 1, "clean.pool-size", p.getPoolSize(), "must be at least 1");
        require(p.getWarmUp() >= 0, "clean.warm-up", p.getWarmUp(), "must be 0 or more");
        require(p.getWarmUp() <= p.getPoolSize(), "clean.warm-up", p.getWarmUp(),
                "exceeds clean.pool-size (" + p.getPoolSize() + ")");
        require(p.getDeadline() == null || positive(p.getDeadline()), "clean.deadline", p.getDeadline(),
                "must be positive (leave it unset for no deadline)");
        require(p.getQueue().getTimeout() != null && positive(p.getQueue().getTimeout()), "clean.queue.timeout",
                p.getQueue().getTimeout(), "must be positive");
        require(p.getQueue().getMaxPending() >= 0, "clean.queue.max-pending", p.getQueue().getMaxPending(),
                "must be 0 or more");
        require(p.getTaskIsolation() != null, "clean.task-isolation", null, "must be ISOLATED or SHARED_INSTANCE");
        require(p.getRecycle().getAfterCalls() >= 1, "clean.recycle.after-calls", p.getRecycle().getAfterCalls(),
                "must be at least 1");
        require(p.getRecycle().getAfterMemoryGrowth() != null && p.getRecycle().getAfterMemoryGrowth().toBytes() > 0,
                "clean.recycle.after-memory-growth", p.getRecycle().getAfterMemoryGrowth(), "must be positive");
        require(p.getMaxMemory() == null || p.getMaxMemory().toBytes() >= 65_536, "clean.max-memory", p.getMaxMemory(),
                "must be at least one 64 KiB page");
        require(p.getMaxMemory() == null || p.getMaxMemory().toBytes() / 65_536 <= 65_536, "clean.max-memory",
                p.getMaxMemory(), "exceeds the 4 GiB a 32-bit WebAssembly memory can address");
        require(p.getMaxPendingFutures() >= 1, "clean.max-pending-futures", p.getMaxPendingFutures(), "must be at least 1");
        require(p.getShutdown().getTimeout() != null && !p.getShutdown().getTimeout().isNegative(),
                "clean.shutdown.timeout", p.getShutdown().getTimeout(), "must be zero or positive");
        require(p.getWeb().getHeartbeat() != null && positive(p.getWeb().getHeartbeat()), "clean.web.heartbeat",
                p.getWeb().getHeartbeat(), "must be positive");
        require(p.getConsole().getLogger() != null && !p.getConsole().getLogger().isBlank(), "clean.console.logger",
                p.getConsole().getLogger(), "must name a logger");

        builder.poolSize(p.getPoolSize())
                .warmUp(p.getWarmUp())
                .deadline(p.getDeadline())
                .queue(p.getQueue().getTimeout(), p.getQueue().getMaxPending())
                .taskIsolation(p.getTaskIsolation())
                .lenientImports(p.isLenientImports())
                .recycleAfter(p.getRecycle().getAfterCalls(), p.getRecycle().getAfterMemoryGrowth().toBytes())
                .maxPendingFutures(p.getMaxPendingFutures());
        if (p.getMaxMemory() != null) {
            builder.maxMemoryPages((int) (p.getMaxMemory().toBytes() / 65_536));
        }
    }

    static Map<String, Function<List<Object>, ? extends Publisher<?>>> uniqueFunctions(List<CleanFunction> functions) {
        Map<String, Function<List<Object>, ? extends Publisher<?>>> byName = new HashMap<>();
        for (CleanFunction function : functions) {
            String name = function.name();
            if (name == null || name.isBlank()) {
                throw new IllegalStateException("a CleanFunction bean (" + function + ") has no name");
            }
            if (byName.putIfAbsent(name, function.function()) != null) {
                throw new IllegalStateException("two CleanFunction beans are named '" + name + "': the guest could not tell them apart");
            }
        }
        return byName;
    }

    private static boolean positive(java.time.Duration duration) {
        return !duration.isZero() && !duration.isNegative();
    }

    private static void require(boolean ok, String property, Object value, String reason) {
        if (!ok) {
            throw new InvalidCleanPropertyException(property, value, reason, null);
        }
    }
}

package org.cleanhost.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.reactor.RuntimeStats;
import org.cleanhost.reactor.TaskCodec;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.CleanTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** Every condition and property of the auto-configuration, on ApplicationContextRunner. */
@ExtendWith(OutputCaptureExtension.class)
class CleanAutoConfigurationTest {
    static final String MODULE = "clean.module=classpath:guests/app.wasm";

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CleanAutoConfiguration.class, CleanMetricsAutoConfiguration.class,
                    CleanHealthAutoConfiguration.class, CleanObservationAutoConfiguration.class,
                    CleanWebAutoConfiguration.class))
            .withPropertyValues(MODULE, "clean.pool-size=2");

    /** A Java function the guest's report(id) starts: a record with an Instant, as JSON inside the guest's reply. */
    record User(long id, String name, Instant joined) {}

    @Configuration(proxyBeanMethods = false)
    static class Functions {
        @Bean
        CleanFunction findUser() {
            return CleanFunction.of("db.findUser", args -> Mono.just(new User(((Number) args.get(0)).longValue(), "Ada",
                    Instant.parse("2024-05-01T10:15:30Z"))));
        }
    }

    @Test
    void buildsARuntimeFromThePropertiesThatServesTheGuest() {
        runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(Functions.class)
                .withPropertyValues("clean.warm-up=2", "clean.deadline=3s")
                .run(context -> {
                    assertThat(context).hasSingleBean(CleanRuntime.class).hasSingleBean(CleanRuntimeShutdown.class);
                    CleanRuntime runtime = context.getBean(CleanRuntime.class);
                    assertThat(runtime.stats().instancesCreated()).isEqualTo(2); // warm-up
                    StepVerifier.create(runtime.call("greet", String.class, "Ada"))
                            .expectNext("Hello, Ada!").verifyComplete();
                    assertThat(runtime.call("report", String.class, 42).block(Duration.ofSeconds(10)))
                            .contains("\"name\":\"Ada\"").contains("\"points\":554");
                });
    }

    @Test
    void guestOutputGoesToTheConfiguredLogger(CapturedOutput output) {
        runner.withPropertyValues("clean.console.logger=my.guest.log").run(context -> {
            context.getBean(CleanRuntime.class).call("greet", String.class, "Logged").block(Duration.ofSeconds(10));
            assertThat(output).contains("greet: Logged").contains("my.guest.log");
        });
    }

    @Test
    void javaFunctionResultsUseTheApplicationsJsonMapper() {
        runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(Functions.class)
                .run(context -> {
                    assertThat(context.getBean(TaskCodec.class)).isInstanceOf(JsonMapperTaskCodec.class);
                    String report = context.getBean(CleanRuntime.class).call("report", String.class, 7)
                            .block(Duration.ofSeconds(10));
                    // Jackson 3 under Boot writes an Instant as ISO-8601; the library's own Jackson cannot write it
                    assertThat(report).contains("\"joined\":\"2024-05-01T10:15:30Z\"");
                });
    }

    @Test
    void withoutAJsonMapperTheBuiltInCodecIsUsed() {
        runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(JsonMapper.class))
                .withUserConfiguration(Functions.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(TaskCodec.class).hasSingleBean(CleanRuntime.class);
                    assertThat(context.getBean(CleanRuntime.class).call("greet", String.class, "x")
                            .block(Duration.ofSeconds(10))).isEqualTo("Hello, x!");
                    // the built-in codec (the library's relocated Jackson 2, no java.time module) cannot write the
                    // Instant: the task fails and the guest's await traps, so the application's mapper really matters
                    StepVerifier.create(context.getBean(CleanRuntime.class).call("report", String.class, 7))
                            .expectError(org.cleanhost.wasm.CleanTrapException.class).verify(Duration.ofSeconds(10));
                });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnRuntime() {
        runner.withBean(SimpleMeterRegistry.class)
                .withUserConfiguration(OwnRuntime.class).run(context -> {
                    assertThat(context).hasSingleBean(CleanRuntime.class).hasBean("myRuntime")
                            .doesNotHaveBean(CleanRuntimeShutdown.class);
                    // the rest still applies to the application's runtime
                    assertThat(context).hasSingleBean(CleanMetricsAutoConfiguration.CleanMetricsBinding.class)
                            .hasBean("cleanHealthIndicator");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRuntime {
        @Bean(destroyMethod = "dispose")
        CleanRuntime myRuntime() {
            try (var in = CleanAutoConfigurationTest.class.getResourceAsStream("/guests/app.wasm")) {
                return CleanRuntime.builder(CleanModule.load(in.readAllBytes(), org.cleanhost.wasm.ExecutionMode.INTERPRETED))
                        .poolSize(1).build();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void customizersRunAfterTheProperties() {
        runner.withPropertyValues("clean.deadline=30s")
                .withBean(CleanRuntimeCustomizer.class, () -> builder -> builder.deadline(Duration.ofMillis(200)))
                .run(context -> StepVerifier.create(context.getBean(CleanRuntime.class).call("spin", Integer.class))
                        .expectError(CleanTimeoutException.class)
                        .verify(Duration.ofSeconds(10)));
    }

    @Test
    void twoFunctionsWithOneNameFailStartup() {
        runner.withBean("a", CleanFunction.class, () -> CleanFunction.of("db.findUser", args -> Mono.just("a")))
                .withBean("b", CleanFunction.class, () -> CleanFunction.of("db.findUser", args -> Mono.just("b")))
                .run(context -> assertThat(context).getFailure()
                        .rootCause().hasMessageContaining("two CleanFunction beans are named 'db.findUser'"));
    }

    @Test
    void aMissingModuleFailsStartupNamingTheProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CleanAutoConfiguration.class))
                .run(context -> assertFailureNames(context.getStartupFailure(), "clean.module", "no module configured"));
        runner.withPropertyValues("clean.module=classpath:guests/nope.wasm")
                .run(context -> assertFailureNames(context.getStartupFailure(), "clean.module", "no such file"));
        runner.withPropertyValues("clean.module=classpath:application-not-wasm.txt")
                .run(context -> assertFailureNames(context.getStartupFailure(), "clean.module", "not a usable Clean module"));
    }

    @Test
    void badValuesFailStartupNamingTheProperty() {
        runner.withPropertyValues("clean.pool-size=0")
                .run(context -> assertFailureNames(context.getStartupFailure(), "clean.pool-size", "must be at least 1"));
        runner.withPropertyValues("clean.warm-up=3")
                .run(context -> assertFailureNames(context.getStartupFailure(), "clean.warm-up", "exceeds clean.pool-size"));
        runner.withPropertyValues("clean.deadline=-1s")
                .run(context -> assertFailureNames(context.getStartupFailure(), "clean.deadline", "must be positive"));
        runner.withPropertyValues("clean.queue.timeout=0s")
                .run(context -> assertFailureNames(context.getStartupFailure(), "clean.queue.timeout", "must be positive"));
        runner.withPropertyValues("clean.queue.max-pending=-1")
                .run(context -> assertFailureNames(context.getStartupFailure(), "clean.queue.max-pending", "0 or more"));
        runner.withPropertyValues("clean.max-memory=1KB")
                .run(context -> assertFailureNames(context.getStartupFailure(), "clean.max-memory", "64 KiB"));
        runner.withPropertyValues("clean.recycle.after-calls=0")
                .run(context -> assertFailureNames(context.getStartupFailure(), "clean.recycle.after-calls", "at least 1"));
        runner.withPropertyValues("clean.web.heartbeat=0s")
                .run(context -> assertFailureNames(context.getStartupFailure(), "clean.web.heartbeat", "positive"));
    }

    @Test
    void aValueOfTheWrongTypeFailsBindingNamingTheProperty() {
        // Spring Boot's own BindFailureAnalyzer reports these, from the BindException naming the property
        runner.withPropertyValues("clean.execution-mode=fast")
                .run(context -> assertBindFailure(context.getStartupFailure(), "clean.execution-mode", "fast"));
        runner.withPropertyValues("clean.pool-size=many")
                .run(context -> assertBindFailure(context.getStartupFailure(), "clean.pool-size", "many"));
    }

    private static void assertBindFailure(Throwable failure, String property, String value) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.boot.context.properties.bind.BindException bind) {
                assertThat(bind.getProperty().getName().toString()).isEqualTo(property);
                assertThat(String.valueOf(bind.getProperty().getValue())).isEqualTo(value);
                return;
            }
        }
        throw new AssertionError("no BindException in " + failure);
    }

    @Test
    void everyPropertyReachesTheRuntime() {
        runner.withPropertyValues("clean.execution-mode=interpreted", "clean.pool-size=1", "clean.queue.timeout=100ms",
                        "clean.queue.max-pending=0", "clean.deadline=2s", "clean.task-isolation=shared-instance",
                        "clean.max-memory=4MB", "clean.recycle.after-calls=1", "clean.lenient-imports=true",
                        "clean.max-pending-futures=5")
                .run(context -> {
                    CleanRuntime runtime = context.getBean(CleanRuntime.class);
                    assertThat(runtime.module().mode()).isEqualTo(org.cleanhost.wasm.ExecutionMode.INTERPRETED);
                    // pool of one, no waiting allowed: a second call while spin holds the instance is refused
                    var spin = runtime.call("spin", Integer.class).subscribe(v -> { }, e -> { });
                    try {
                        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                                .until(() -> runtime.stats().instancesInUse() == 1);
                        StepVerifier.create(runtime.call("greet", String.class, "x"))
                                .expectError(org.cleanhost.wasm.CleanBusyException.class).verify(Duration.ofSeconds(5));
                    } finally {
                        spin.dispose();
                    }
                    // recycled after every call
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                            .until(() -> runtime.stats().instancesInUse() == 0);
                    long created = runtime.stats().instancesCreated();
                    runtime.call("greet", String.class, "a").block(Duration.ofSeconds(5));
                    runtime.call("greet", String.class, "b").block(Duration.ofSeconds(5));
                    assertThat(runtime.stats().instancesCreated()).isGreaterThanOrEqualTo(created + 1);
                });
    }

    @Test
    void shutdownDrainsInFlightWorkThenDisposes() {
        CleanRuntime[] runtime = new CleanRuntime[1];
        Mono<Integer>[] call = new Mono[1];
        runner.withPropertyValues("clean.deadline=400ms", "clean.shutdown.timeout=5s").run(context -> {
            runtime[0] = context.getBean(CleanRuntime.class);
            call[0] = runtime[0].call("spin", Integer.class).cache();
            call[0].subscribe(v -> { }, e -> { });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> runtime[0].stats().guestRunsActive() == 1);
        }); // the context closes here, with spin still running
        assertThat(runtime[0].isDisposed()).isTrue();
        // drained: the call ran to its deadline instead of being cut short by dispose()
        StepVerifier.create(call[0]).expectError(CleanTimeoutException.class).verify(Duration.ofSeconds(1));
        RuntimeStats stats = runtime[0].stats();
        assertThat(stats.guestRunsActive()).isZero();
    }

    @Test
    void metricsAreBoundWhenThereIsAMeterRegistry() {
        runner.withBean(SimpleMeterRegistry.class).run(context -> {
            assertThat(context).hasSingleBean(CleanMetricsAutoConfiguration.CleanMetricsBinding.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            context.getBean(CleanRuntime.class).call("greet", String.class, "m").block(Duration.ofSeconds(10));
            assertThat(registry.get("clean.futures").tag("outcome", "created").functionCounter().count()).isPositive();
            assertThat(registry.find("clean.pool.instances").gauges()).hasSize(2);
        });
    }

    @Test
    void withoutMicrometerNothingMetricOrObservedIsConfigured() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(CleanRuntime.class)
                        .doesNotHaveBean(CleanMetricsAutoConfiguration.CleanMetricsBinding.class)
                        .doesNotHaveBean(CleanObservations.class)
                        .doesNotHaveBean(FunctionDecorator.class));
    }

    @Test
    void withoutAMeterRegistryBeanNoMetrics() {
        runner.run(context -> assertThat(context).doesNotHaveBean(CleanMetricsAutoConfiguration.CleanMetricsBinding.class));
    }

    @Test
    void healthShowsThePool() {
        runner.run(context -> {
            assertThat(context).hasBean("cleanHealthIndicator");
            Health health = context.getBean("cleanHealthIndicator", ReactiveHealthIndicator.class).health()
                    .block(Duration.ofSeconds(5));
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKeys("pool", "guestRunsActive", "futures", "deadlocks");
            context.getBean(CleanRuntime.class).dispose();
            assertThat(context.getBean("cleanHealthIndicator", ReactiveHealthIndicator.class).health()
                    .block(Duration.ofSeconds(5)).getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void healthCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.clean.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("cleanHealthIndicator"));
    }

    @Test
    void withoutActuatorsHealthModuleNoIndicator() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(CleanRuntime.class)
                        .doesNotHaveBean("cleanHealthIndicator"));
    }

    @Test
    void webHelpersOnlyInAWebApplicationAndProblemDetailsOnlyWhenAskedFor() {
        runner.run(context -> assertThat(context).doesNotHaveBean(CleanTaskEvents.class)
                .doesNotHaveBean(CleanProblemDetails.class));
        ReactiveWebApplicationContextRunner web = new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CleanAutoConfiguration.class, CleanWebAutoConfiguration.class))
                .withPropertyValues(MODULE);
        web.run(context -> assertThat(context).hasSingleBean(CleanTaskEvents.class)
                .doesNotHaveBean(CleanProblemDetails.class));
        web.withPropertyValues("clean.web.problem-details=true")
                .run(context -> assertThat(context).hasSingleBean(CleanProblemDetails.class));
    }

    @Test
    void configurationMetadataDescribesTheProperties() throws Exception {
        String metadata = new String(getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        for (String property : List.of("clean.module", "clean.execution-mode", "clean.pool-size", "clean.warm-up",
                "clean.deadline", "clean.queue.timeout", "clean.queue.max-pending", "clean.task-isolation",
                "clean.recycle.after-calls", "clean.recycle.after-memory-growth", "clean.max-memory",
                "clean.lenient-imports", "clean.console.logger", "clean.shutdown.timeout",
                "clean.web.problem-details", "clean.web.heartbeat")) {
            assertThat(metadata).contains("\"name\": \"" + property + "\"");
        }
        assertThat(metadata).contains("\"defaultValue\": \"10s\"").contains("How long a call may wait for a free instance");
    }

    private static void assertFailureNames(Throwable failure, String property, String reason) {
        assertThat(failure).isNotNull();
        FailureAnalysis analysis = new CleanPropertiesFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("the analyzer recognises %s", failure).isNotNull();
        assertThat(analysis.getDescription()).contains("Property: " + property).contains(reason);
        assertThat(analysis.getAction()).contains(property);
    }
}

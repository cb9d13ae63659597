package org.cleanhost.spring.boot;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.Objects;
import java.util.function.Supplier;
import org.cleanhost.reactor.CleanRuntime;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Guest calls as Micrometer {@link Observation}s, so a trace shows "HTTP request -> guest call -> Java function":
 * {@link #call} observes one {@link CleanRuntime#call} as {@code clean.call} (tag {@code clean.export}), parented
 * by the observation in the subscriber's Reactor context (WebFlux puts the HTTP request's there), and puts itself
 * in the call's context, where the auto-configuration's wrapper around every {@link CleanFunction} finds it and
 * opens {@code clean.function} (tag {@code clean.function}) as its child.
 *
 * <p>Works with and without {@code Hooks.enableAutomaticContextPropagation()} (Spring Boot's
 * {@code spring.reactor.context-propagation=auto}): parents travel in the Reactor context, not in thread locals.
 * Thread-safe; nothing blocks. Failed calls and functions record their error; cancelled ones a
 * {@code clean.outcome=cancelled} tag.
 */
public final class CleanObservations {
    /** Observation name of a guest call. */
    public static final String CALL = "clean.call";
    /** Observation name of a Java function the guest started. */
    public static final String FUNCTION = "clean.function";

    private final CleanRuntime runtime;
    private final ObservationRegistry registry;

    /**
     * @param runtime the runtime whose calls are observed
     * @param registry where observations go; {@link ObservationRegistry#NOOP} observes nothing
     */
    public CleanObservations(CleanRuntime runtime, ObservationRegistry registry) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * {@link CleanRuntime#call}, observed. Cold, like the runtime's.
     *
     * @param export the guest export
     * @param resultType as for {@link CleanRuntime#call}
     * @param args as for {@link CleanRuntime#call}
     * @param <T> the result type
     * @return the observed call; fails as {@link CleanRuntime#call} does
     */
    public <T> Mono<T> call(String export, Class<T> resultType, Object... args) {
        return observe(export, runtime.call(export, resultType, args));
    }

    /**
     * Observes any publisher of a guest call made on this runtime (such as {@link CleanRuntime#callForFuture}) as a
     * {@code clean.call} named {@code export}.
     *
     * @param export the export the call runs, for the observation's tag
     * @param call the call, not subscribed yet
     * @param <T> the result type
     * @return {@code call} observed, cold
     */
    public <T> Mono<T> observe(String export, Mono<T> call) {
        return observed(registry, () -> Observation.createNotStarted(CALL, registry)
                .contextualName("clean call " + export)
                .lowCardinalityKeyValue("clean.export", export), call);
    }

    /** The {@link FunctionDecorator} the auto-configuration registers: one child observation per function start. */
    static FunctionDecorator functionDecorator(ObservationRegistry registry) {
        return (name, function) -> args -> observed(registry, () -> Observation.createNotStarted(FUNCTION, registry)
                .contextualName("clean function " + name)
                .lowCardinalityKeyValue("clean.function", name), Mono.defer(() -> Mono.from(function.apply(args))));
    }

    /**
     * Where the current observation is in a Reactor context: {@code ObservationThreadLocalAccessor.KEY}, a
     * compile-time constant, so context-propagation's class is not needed at run time.
     */
    static final String CONTEXT_KEY = ObservationThreadLocalAccessor.KEY;

    static <T> Mono<T> observed(ObservationRegistry registry, Supplier<Observation> factory, Mono<T> source) {
        if (registry.isNoop()) {
            return source;
        }
        return Mono.deferContextual(context -> {
            Observation parent = context.getOrDefault(CONTEXT_KEY, null);
            Observation observation = factory.get().parentObservation(parent).start();
            return source
                    .doOnError(observation::error)
                    .doFinally(signal -> {
                        if (signal == SignalType.CANCEL) {
                            observation.lowCardinalityKeyValue("clean.outcome", "cancelled");
                        }
                        observation.stop();
                    })
                    .contextWrite(c -> c.put(CONTEXT_KEY, observation));
        });
    }
}

package org.cleanhost.spring.boot;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;

/**
 * A Java async function the guest can start by name ({@code later u = start db.findUser(42)}). Declare it as a
 * bean and the auto-configured runtime registers it:
 *
 * <pre>{@code
 * @Bean
 * CleanFunction findUser(UserRepository users) {
 *     return CleanFunction.of("db.findUser", args -> users.findById(((Number) args.get(0)).longValue()));
 * }
 * }</pre>
 *
 * <p>Arguments arrive as Java values (String, Long, Double, Boolean, List, Map, null); the publisher's first
 * element becomes the guest's value (a String as is, anything else as JSON written with the application's
 * Jackson {@code JsonMapper} when there is one). See {@link org.cleanhost.reactor.CleanRuntime.Builder#function}
 * for the threading contract. Two beans with the same name fail startup.
 */
public interface CleanFunction {

    /** @return the task name the guest uses, never {@code null} */
    String name();

    /** @return the function: called once per start, on the guest's thread; must not block, never {@code null} */
    Function<List<Object>, ? extends Publisher<?>> function();

    /**
     * @param name the task name the guest uses
     * @param function the function the guest starts
     * @return a {@code CleanFunction} of both
     */
    static CleanFunction of(String name, Function<List<Object>, ? extends Publisher<?>> function) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        return new CleanFunction() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Function<List<Object>, ? extends Publisher<?>> function() {
                return function;
            }

            @Override
            public String toString() {
                return "CleanFunction[" + name + "]";
            }
        };
    }
}

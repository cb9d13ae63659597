package org.cleanhost.spring.boot;

import java.util.List;
import java.util.function.Function;
import org.reactivestreams.Publisher;

/** Wraps each {@link CleanFunction} before it is registered (observations). At most one bean. */
@FunctionalInterface
interface FunctionDecorator {
    Function<List<Object>, ? extends Publisher<?>> decorate(String name, Function<List<Object>, ? extends Publisher<?>> function);
}

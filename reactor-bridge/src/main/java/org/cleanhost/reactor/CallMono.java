package org.cleanhost.reactor;

import java.lang.invoke.MethodType;
import java.time.Duration;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanInstance;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * {@link CleanRuntime#call}: a cold operator. Each subscription checks the export and arguments (no instance
 * needed), then runs the export once on a pooled instance and signals its decoded value and completion, or one
 * typed error. Its {@link Inner} is at once the subscription and the {@link GuestRun}: cancelling it
 * withdraws or interrupts the run.
 */
final class CallMono<T> extends Mono<T> {
    private final RuntimeParts parts;
    private final Duration deadline;
    private final String export;
    private final Class<T> resultType;
    private final Object[] args;

    CallMono(RuntimeParts parts, Duration deadline, String export, Class<T> resultType, Object[] args) {
        this.parts = parts;
        this.deadline = deadline;
        this.export = export;
        this.resultType = resultType;
        this.args = args;
    }

    /** {@code long.class} decodes as a {@code Long}: the class whose {@code cast} accepts the decoded value. */
    @SuppressWarnings("unchecked")
    static <T> Class<T> boxed(Class<T> type) {
        return type.isPrimitive() ? (Class<T>) MethodType.methodType(type).wrap().returnType() : type;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        CallContext context;
        try {
            context = parts.newCallContext(actual.currentContext(), export);
            parts.checkCall(export, resultType, args);
        } catch (CleanException refused) {
            Operators.error(actual, refused);
            return;
        }
        Inner<T> inner = new Inner<>(this, actual, context);
        actual.onSubscribe(inner);
        parts.offerToWaitingParent(inner);
        inner.start();
    }

    static final class Inner<T> extends CallSubscription<T> {
        private final CallMono<T> call;
        private final Class<T> boxedType;

        Inner(CallMono<T> call, CoreSubscriber<? super T> actual, CallContext context) {
            super(call.parts.runs(), call.parts.futures(), context, actual);
            this.call = call;
            this.boxedType = boxed(call.resultType);
        }

        @Override
        Object body(CleanInstance instance) {
            Object result = instance.call(call.deadline, call.export, call.resultType, call.args);
            call.parts.asyncHost().runDeferred(instance, context());
            return boxedType.cast(result); // decoded once; a mismatch fails the call here, typed
        }

        @Override
        void deliver(Object result, CleanException failure) {
            if (failure != null) {
                fail(failure);
            } else {
                succeed(boxedType.cast(result));
            }
        }

        @Override
        String describe() {
            return "export '" + call.export + "'";
        }
    }
}

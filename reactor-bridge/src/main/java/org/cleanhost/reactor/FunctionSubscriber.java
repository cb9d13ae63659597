package org.cleanhost.reactor;

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Subscribes a Java function's {@link org.reactivestreams.Publisher} for a guest future: the first element
 * resolves it, an error fails it, completing empty resolves it with {@code ""}. One object per pending
 * Java call (no operator chain, no lambdas): a runtime may hold a great many of them. The caller's Reactor
 * context is offered through {@link #currentContext()}. {@link #dispose()} cancels the subscription.
 */
final class FunctionSubscriber implements CoreSubscriber<Object>, Disposable {
    private static final AtomicReferenceFieldUpdater<FunctionSubscriber, Subscription> UPSTREAM =
            AtomicReferenceFieldUpdater.newUpdater(FunctionSubscriber.class, Subscription.class, "upstream");

    private final GuestFuture future;
    private final FutureTable futures;
    /** The guest call that started the function; its context is built on demand (a pending function retains little). */
    private final CallContext starter;
    private final Function<Object, String> encoder;
    private volatile Subscription upstream;

    FunctionSubscriber(GuestFuture future, FutureTable futures, CallContext starter, Function<Object, String> encoder) {
        this.future = future;
        this.futures = futures;
        this.starter = starter;
        this.encoder = encoder;
    }

    @Override
    public Context currentContext() {
        return starter == null ? Context.empty() : starter.functionContext();
    }

    /** Subscribes to the function's publisher; a publisher that throws instead of signalling fails the future. */
    void subscribeTo(org.reactivestreams.Publisher<?> publisher) {
        if (isDisposed()) {
            return; // cancelled (or settled) before its turn came: never subscribed at all
        }
        try {
            publisher.subscribe(this);
        } catch (Throwable e) {
            futures.fail(future, new TaskFailedException(future.task(), future.id(), Failures.typed("function '" + future.task() + "'", e)));
        }
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (Operators.setOnce(UPSTREAM, this, s)) {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(Object value) {
        Subscription s = UPSTREAM.getAndSet(this, Operators.cancelledSubscription());
        if (s == Operators.cancelledSubscription()) {
            // A value racing our cancellation (the future was cancelled): nobody wants it any more.
            Operators.onDiscard(value, currentContext());
            return;
        }
        s.cancel(); // only the first element is the future's value
        String encoded;
        try {
            encoded = encoder.apply(value);
        } catch (RuntimeException e) {
            futures.fail(future, new TaskFailedException(future.task(), future.id(), e));
            return;
        }
        futures.resolve(future, encoded);
    }

    @Override
    public void onError(Throwable error) {
        if (UPSTREAM.getAndSet(this, Operators.cancelledSubscription()) == Operators.cancelledSubscription()) {
            return; // an error racing our cancellation: the future is already cancelled (or settled)
        }
        futures.fail(future, new TaskFailedException(future.task(), future.id(), error));
    }

    @Override
    public void onComplete() {
        if (UPSTREAM.getAndSet(this, Operators.cancelledSubscription()) != Operators.cancelledSubscription()) {
            futures.resolve(future, "");
        }
    }

    @Override
    public void dispose() {
        Operators.terminate(UPSTREAM, this);
    }

    @Override
    public boolean isDisposed() {
        return upstream == Operators.cancelledSubscription();
    }
}

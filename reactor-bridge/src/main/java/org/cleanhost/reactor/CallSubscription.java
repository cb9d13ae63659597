package org.cleanhost.reactor;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * The subscription of a call operator, which is also its {@link GuestRun}: the run starts at subscription;
 * its one value waits for demand, errors and empty completion do not. Every path ends in exactly one terminal
 * signal: a subscriber that throws from {@code onNext} (breaking rule 2.13) gets that error as its
 * {@code onError}; cancelling withdraws or interrupts the run and signals nothing.
 */
abstract class CallSubscription<T> extends GuestRun implements Subscription {
    private static final int NO_REQUEST_NO_VALUE = 0;
    private static final int HAS_REQUEST_NO_VALUE = 1;
    private static final int NO_REQUEST_HAS_VALUE = 2;
    private static final int TERMINATED = 3;
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<CallSubscription> STATE =
            AtomicIntegerFieldUpdater.newUpdater(CallSubscription.class, "state");

    final CoreSubscriber<? super T> actual;
    private volatile int state;
    private T value; // written before state becomes NO_REQUEST_HAS_VALUE

    CallSubscription(InstanceRuns runs, FutureTable futures, CallContext context, CoreSubscriber<? super T> actual) {
        super(runs, futures, context);
        this.actual = actual;
    }

    @Override
    public final void request(long n) {
        if (!Operators.validate(n)) {
            return;
        }
        while (true) {
            int s = state;
            if (s == NO_REQUEST_HAS_VALUE) {
                if (STATE.compareAndSet(this, s, TERMINATED)) {
                    T v = value;
                    value = null;
                    emit(v);
                }
                return;
            }
            if (s != NO_REQUEST_NO_VALUE || STATE.compareAndSet(this, s, HAS_REQUEST_NO_VALUE)) {
                return;
            }
        }
    }

    @Override
    public final void cancel() {
        int previous = STATE.getAndSet(this, TERMINATED);
        if (previous == NO_REQUEST_HAS_VALUE) {
            Operators.onDiscard(value, actual.currentContext());
            value = null;
        }
        if (previous != TERMINATED) {
            cancelled();
        }
    }

    /** The subscriber cancelled: stop the work. */
    void cancelled() {
        dispose();
    }

    /** Signals {@code v} (when there is demand) and completion; {@code null} completes empty at once. */
    final void succeed(T v) {
        if (v == null) {
            if (STATE.getAndSet(this, TERMINATED) != TERMINATED) {
                actual.onComplete();
            }
            return;
        }
        while (true) {
            int s = state;
            if (s == HAS_REQUEST_NO_VALUE) {
                if (STATE.compareAndSet(this, s, TERMINATED)) {
                    emit(v);
                }
                return;
            }
            if (s != NO_REQUEST_NO_VALUE) {
                Operators.onDiscard(v, actual.currentContext());
                return;
            }
            value = v;
            if (STATE.compareAndSet(this, s, NO_REQUEST_HAS_VALUE)) {
                return;
            }
            value = null;
        }
    }

    final void fail(Throwable error) {
        if (STATE.getAndSet(this, TERMINATED) != TERMINATED) {
            actual.onError(error);
        } else {
            Operators.onErrorDropped(error, actual.currentContext());
        }
    }

    private void emit(T v) {
        try {
            actual.onNext(v);
        } catch (Throwable e) {
            actual.onError(Operators.onOperatorError(null, e, v, actual.currentContext()));
            return;
        }
        actual.onComplete();
    }
}

package org.cleanhost.reactor;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * A guest future as a hot, replaying {@link Mono}: every subscriber sees the one outcome, whenever it
 * subscribes. Cancelling a subscription only detaches that subscriber; the future runs on.
 */
final class GuestFutureMono extends Mono<String> {
    private final GuestFuture future;

    GuestFutureMono(GuestFuture future) {
        this.future = future;
    }

    @Override
    public void subscribe(CoreSubscriber<? super String> actual) {
        Inner inner = new Inner(actual, future);
        actual.onSubscribe(inner);
        future.listen(inner);
    }

    private static final class Inner extends Operators.MonoSubscriber<String, String> implements GuestFuture.Listener {
        private final GuestFuture future;

        Inner(CoreSubscriber<? super String> actual, GuestFuture future) {
            super(actual);
            this.future = future;
        }

        @Override
        public void settled(GuestFuture f) {
            if (isCancelled()) {
                return;
            }
            if (f.state() != GuestFuture.State.RESOLVED) {
                actual.onError(f.failure());
                return;
            }
            try {
                complete(f.value());
            } catch (Throwable e) { // a subscriber breaking rule 2.13: its one terminal signal is this error
                actual.onError(Operators.onOperatorError(this, e, f.value(), actual.currentContext()));
            }
        }

        @Override
        public void cancel() {
            super.cancel();
            future.unlisten(this);
        }
    }
}

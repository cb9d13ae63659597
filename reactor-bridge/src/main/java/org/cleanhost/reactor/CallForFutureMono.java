package org.cleanhost.reactor;

import java.time.Duration;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanInstance;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * {@link CleanRuntime#callForFuture}: runs an export that returns a future id, takes ownership of that id and
 * follows the future. The id comes straight from the guest run (no Reactor sink in between, which could drop
 * it). Whenever the subscriber cancels (before the id, as it arrives, or after), the export is interrupted if
 * still running, and the future is cancelled if pending and its id released: the id is never lost.
 */
final class CallForFutureMono extends Mono<String> {
    private final RuntimeParts parts;
    private final Duration deadline;
    private final String export;
    private final Object[] args;

    CallForFutureMono(RuntimeParts parts, Duration deadline, String export, Object[] args) {
        this.parts = parts;
        this.deadline = deadline;
        this.export = export;
        this.args = args;
    }

    @Override
    public void subscribe(CoreSubscriber<? super String> actual) {
        CallContext context;
        try {
            context = parts.newCallContext(actual.currentContext(), export);
            parts.checkCall(export, Long.class, args);
        } catch (CleanException refused) {
            Operators.error(actual, refused);
            return;
        }
        Inner inner = new Inner(this, actual, context);
        actual.onSubscribe(inner);
        parts.offerToWaitingParent(inner);
        inner.start();
    }

    static final class Inner extends CallSubscription<String> implements GuestFuture.Listener {
        private final CallForFutureMono call;
        private final FutureTable futures;
        // Guarded by this (the GuestRun's monitor).
        private boolean cancelled;
        private GuestFuture followed;

        Inner(CallForFutureMono call, CoreSubscriber<? super String> actual, CallContext context) {
            super(call.parts.runs(), call.parts.futures(), context, actual);
            this.call = call;
            this.futures = call.parts.futures();
        }

        @Override
        void cancelled() {
            GuestFuture known;
            synchronized (this) {
                cancelled = true;
                known = followed;
            }
            dispose(); // still running the export: interrupt it (futures it created are then abandoned)
            if (known != null) {
                known.unlisten(this);
                futures.abandon(known);
            }
        }

        @Override
        Object body(CleanInstance instance) {
            Object id = instance.call(call.deadline, call.export, Long.class, call.args);
            call.parts.asyncHost().runDeferred(instance, context());
            return id;
        }

        @Override
        void deliver(Object result, CleanException failure) {
            if (failure != null) {
                fail(failure);
                return;
            }
            long id = (Long) result;
            GuestFuture found = futures.find(id);
            if (found == null || found.isReleased()) {
                fail(new UnknownFutureException("result of export '" + call.export + "'", id));
                return;
            }
            boolean abandon;
            synchronized (this) {
                abandon = cancelled;
                if (!abandon) {
                    followed = found;
                }
            }
            if (abandon) {
                futures.abandon(found);
            } else {
                found.listen(this);
            }
        }

        @Override
        public void settled(GuestFuture future) {
            futures.release(future);
            synchronized (this) {
                if (cancelled) {
                    return;
                }
            }
            if (future.state() == GuestFuture.State.RESOLVED) {
                succeed(future.value());
            } else {
                fail(future.failure());
            }
        }

        @Override
        String describe() {
            return "export '" + call.export + "'";
        }
    }
}

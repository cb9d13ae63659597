package org.cleanhost.reactor;

import org.cleanhost.wasm.CleanInstance;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.pool.PooledRef;
import reactor.util.context.Context;

/**
 * A {@link GuestRun}'s request for a pooled instance: subscribes to the pool's acquire and hands the answer to
 * the run. Unlike a lambda subscriber it never drops an instance the pool hands over at the very moment the
 * request is withdrawn ({@link #dispose()}): {@link GuestRun#acquired} gives such an instance back.
 */
final class InstanceAcquisition implements CoreSubscriber<PooledRef<CleanInstance>>, Disposable {
    private final GuestRun run;
    private volatile Subscription upstream;
    private volatile boolean withdrawn;

    InstanceAcquisition(GuestRun run) {
        this.run = run;
    }

    @Override
    public Context currentContext() {
        return Context.empty();
    }

    @Override
    public void onSubscribe(Subscription s) {
        upstream = s;
        if (withdrawn) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(PooledRef<CleanInstance> acquiredRef) {
        run.acquired(acquiredRef); // even if withdrawn meanwhile: acquired() releases what nobody needs
    }

    @Override
    public void onError(Throwable error) {
        if (!withdrawn) {
            run.acquireFailed(error);
        }
    }

    @Override
    public void onComplete() {
        // a Mono: onNext came first, or onError
    }

    @Override
    public void dispose() {
        withdrawn = true;
        Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public boolean isDisposed() {
        return withdrawn;
    }
}

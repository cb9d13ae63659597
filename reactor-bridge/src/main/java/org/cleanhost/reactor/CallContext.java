package org.cleanhost.reactor;

import java.util.ArrayDeque;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * What a guest call carries while it runs on a thread: the Reactor context of whoever asked for it
 * (propagated to Java functions and nested tasks the guest starts) and, in shared-instance mode, the
 * tasks waiting to run on the caller's instance. Set for the duration of the guest call on its thread.
 */
final class CallContext {
    private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

    final ContextView reactorContext;
    /** Shared-instance mode only: tasks started by this call that have not run yet. */
    final ArrayDeque<GuestRun> deferred = new ArrayDeque<>(0);

    /**
     * Futures this call started and may still wait for ({@code create_future}, {@code _async_await},
     * {@code future_new}); cancelled if the call fails or is cancelled, since no one else could await or
     * settle them. Settled and released entries are pruned as the list grows, so a long call stays small.
     */
    private java.util.List<GuestFuture> owned;
    private int pruneAt = 16;

    CallContext(ContextView reactorContext) {
        this.reactorContext = reactorContext;
    }

    void own(GuestFuture future) {
        if (owned == null) {
            owned = new java.util.ArrayList<>(4);
        } else if (owned.size() >= pruneAt) {
            owned.removeIf(f -> f.isReleased() && f.state() != org.cleanhost.wasm.AsyncHost.PENDING);
            pruneAt = Math.max(16, owned.size() * 2);
        }
        owned.add(future);
    }

    /**
     * Claims a task this call started that is still waiting for an instance, so the call's own (otherwise
     * idle) thread can run it while it waits for something else. {@code null} when there is none.
     */
    GuestRun claimQueuedTask() {
        if (owned != null) {
            for (GuestFuture future : owned) {
                reactor.core.Disposable work = future.state() == org.cleanhost.wasm.AsyncHost.PENDING ? future.work() : null;
                if (work instanceof GuestRun && ((GuestRun) work).claim()) {
                    return (GuestRun) work;
                }
            }
        }
        return null;
    }

    /** The call failed and its instance is gone: cancel and forget the work only it could have used. */
    void abandonOwnedFutures() {
        if (owned != null) {
            owned.forEach(GuestFuture::abandon);
            owned = null;
        }
    }

    /** The context of the guest call running on this thread, or {@code null} outside one. */
    static CallContext current() {
        return CURRENT.get();
    }

    static ContextView currentReactorContext() {
        CallContext current = CURRENT.get();
        return current == null ? Context.empty() : current.reactorContext;
    }

    /** Makes {@code context} current; returns the previous one for {@link #restore}. */
    static CallContext enter(CallContext context) {
        CallContext previous = CURRENT.get();
        CURRENT.set(context);
        return previous;
    }

    static void restore(CallContext previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}

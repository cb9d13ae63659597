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

    /** Whether this call created futures it owns (cheap check before scanning the table on failure). */
    private boolean ownsFutures;
    /** Guest tasks this call started, for its thread to run while it waits (see {@link #claimQueuedTask}). */
    private ArrayDeque<GuestRun> startedTasks;

    CallContext(ContextView reactorContext) {
        this.reactorContext = reactorContext;
    }

    /** Marks that a future owned by this call exists (its {@link GuestFuture#owner} is this). */
    void owns() {
        ownsFutures = true;
    }

    boolean ownsFutures() {
        return ownsFutures;
    }

    void startedTask(GuestRun run) {
        if (startedTasks == null) {
            startedTasks = new ArrayDeque<>(4);
        } else if (startedTasks.size() >= 32) {
            startedTasks.removeIf(GuestRun::isStarted); // keep a long call's list to the tasks still queued
        }
        startedTasks.add(run);
    }

    /**
     * Claims a guest task this call started that is still waiting for an instance, so the call's own
     * (otherwise idle) thread can run it while it waits for something else. {@code null} when there is none.
     */
    GuestRun claimQueuedTask() {
        GuestRun run;
        while (startedTasks != null && (run = startedTasks.poll()) != null) {
            if (run.claim()) {
                return run;
            }
        }
        return null;
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

package org.cleanhost.reactor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * What a guest call or task carries while it runs on a thread: the Reactor context of whoever asked for it
 * (propagated to the Java functions and nested tasks the guest starts), its place in the chain of tasks
 * that started it (for the depth bound), and the work its thread may run while it waits: in shared-instance
 * mode the tasks waiting to run on the caller's instance, otherwise queued tasks and queued
 * {@code CleanRuntime} calls made on its behalf by Java functions it started. Set for the duration of the
 * guest call on its thread.
 */
final class CallContext {
    /**
     * Reactor context key under which a Java function started by a guest sees that guest's call: a
     * {@code CleanRuntime.call} subscribed from the function links itself here, so the waiting guest can run
     * it when the pool has no instance left (instead of both waiting for one).
     */
    static final String KEY = CallContext.class.getName();
    private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

    private final ContextView reactorContext;
    private final CallContext parent;
    private final String name;
    private final int depth;
    /** Shared-instance mode only: tasks started by this call that have not run yet. Its own thread only; lazy. */
    private ArrayDeque<GuestRun> deferred;
    /**
     * Whether this call created futures it owns (cheap check before scanning the table on failure). Written and
     * read on the call's own thread.
     */
    private boolean ownsFutures;
    /** The ids this call gives its futures; own thread only; lazy. */
    private FutureTable.Lease futureIds;
    /** Runs started for this call that its thread may claim while it waits; written by other threads too. */
    private volatile Queue<GuestRun> claimable;

    /**
     * @param reactorContext the context of the subscriber that asked for the work
     * @param parent the call that started this task, or {@code null} for a call from Java
     * @param name the export or task name, for messages
     */
    CallContext(ContextView reactorContext, CallContext parent, String name) {
        this.reactorContext = reactorContext;
        this.parent = parent;
        this.name = name;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    ContextView reactorContext() {
        return reactorContext;
    }

    /**
     * The context a Java function started from this call sees: the caller's, plus the link back to this call (a
     * call the function makes is one level deeper than this one, and offered to this call's thread).
     */
    Context functionContext() {
        return Context.of(reactorContext).put(KEY, this);
    }

    /** The call that started this one, or {@code null} for a call from Java. */
    CallContext parent() {
        return parent;
    }

    /** How many tasks deep this call is: 0 for a call from Java. */
    int depth() {
        return depth;
    }

    /** {@code report -> fetch -> fetch}: the names from the outermost call to this one. */
    String chain() {
        List<String> names = new ArrayList<>();
        for (CallContext c = this; c != null; c = c.parent) {
            names.add(c.name);
        }
        Collections.reverse(names);
        return String.join(" -> ", names);
    }

    /** Marks that a future owned by this call exists. */
    void owns() {
        if (!ownsFutures) {
            ownsFutures = true;
        }
    }

    boolean ownsFutures() {
        return ownsFutures;
    }

    FutureTable.Lease futureIds() {
        return futureIds;
    }

    void futureIds(FutureTable.Lease lease) {
        futureIds = lease;
    }

    void defer(GuestRun run) {
        if (deferred == null) {
            deferred = new ArrayDeque<>(4);
        }
        deferred.add(run);
    }

    /** The next deferred shared-instance task, or {@code null}. */
    GuestRun nextDeferred() {
        return deferred == null ? null : deferred.poll();
    }

    /** Offers a run for this call's thread to claim while it waits (see {@link #claimQueued}). */
    void offer(GuestRun run) {
        Queue<GuestRun> queue = claimable;
        if (queue == null) {
            synchronized (this) {
                if (claimable == null) {
                    claimable = new ConcurrentLinkedQueue<>();
                }
                queue = claimable;
            }
        }
        if (queue.size() >= 32) {
            queue.removeIf(GuestRun::isStarted); // keep a long call's queue to the runs still waiting
        }
        queue.add(run);
    }

    /**
     * Claims a run offered to this call that still waits for an instance, so the call's own (otherwise idle)
     * thread can run it while it waits for something else. {@code null} when there is none.
     */
    GuestRun claimQueued() {
        Queue<GuestRun> queue = claimable;
        GuestRun run;
        while (queue != null && (run = queue.poll()) != null) {
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

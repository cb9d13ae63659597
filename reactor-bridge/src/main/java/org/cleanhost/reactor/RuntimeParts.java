package org.cleanhost.reactor;

import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanModule;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.ContextView;

/**
 * A runtime's collaborators, wired once by {@link RuntimeOptions#wire()}: the instances and their runs, the
 * future table, the async host (deferred shared-instance tasks), the outcome sink, the Java functions'
 * scheduler and the settings. The facade and the call operators get them from here.
 */
final class RuntimeParts {
    private final CleanModule module;
    private final TaskSettings settings;
    private final InstanceRuns runs;
    private final FutureTable futures;
    private final RuntimeAsyncHost asyncHost;
    private final OutcomeSink outcomes;
    private final Scheduler functionScheduler;

    RuntimeParts(CleanModule module, TaskSettings settings, InstanceRuns runs, FutureTable futures, RuntimeAsyncHost asyncHost,
            OutcomeSink outcomes, Scheduler functionScheduler) {
        this.module = module;
        this.settings = settings;
        this.runs = runs;
        this.futures = futures;
        this.asyncHost = asyncHost;
        this.outcomes = outcomes;
        this.functionScheduler = functionScheduler;
    }

    CleanModule module() {
        return module;
    }

    OutcomeSink outcomes() {
        return outcomes;
    }

    Scheduler functionScheduler() {
        return functionScheduler;
    }

    InstanceRuns runs() {
        return runs;
    }

    FutureTable futures() {
        return futures;
    }

    RuntimeAsyncHost asyncHost() {
        return asyncHost;
    }

    TaskSettings settings() {
        return settings;
    }

    /** Before any instance is involved: the export exists and the arguments and result type fit it. */
    void checkCall(String export, Class<?> resultType, Object[] args) {
        module.checkCall(export, resultType, args);
    }

    /**
     * The context of a new call subscribed with {@code subscriberContext}: linked to the guest call whose Java
     * function made it, if any (see {@link CallContext#KEY}).
     *
     * @throws CleanException when the runtime refuses the call (closed or draining) or tasks nest too deep
     */
    CallContext newCallContext(ContextView subscriberContext, String export) {
        CallContext parent = subscriberContext.getOrDefault(CallContext.KEY, null);
        CleanException refused = runs.refusesCall(parent != null);
        if (refused != null) {
            throw refused;
        }
        if (parent != null && parent.depth() >= settings.maxTaskDepth()) {
            throw new TaskDepthException("CleanRuntime.call", parent.chain() + " -> " + export, settings.maxTaskDepth());
        }
        return new CallContext(subscriberContext, parent, export);
    }

    /**
     * A call made by a Java function for a waiting guest is offered to that guest's thread: when no instance is
     * left (the guest holds one), the guest runs the call on its own instance instead of both waiting.
     */
    void offerToWaitingParent(GuestRun run) {
        CallContext parent = run.context().parent();
        if (parent != null) {
            parent.offer(run);
        }
    }
}

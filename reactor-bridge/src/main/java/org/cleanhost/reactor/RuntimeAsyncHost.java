package org.cleanhost.reactor;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.cleanhost.wasm.async.AsyncHost;
import org.cleanhost.wasm.CleanAbiException;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanInstance;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.CleanValues;
import org.cleanhost.wasm.ExportDescriptor;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.Fuseable;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * The runtime's {@link AsyncHost}: starts guest tasks and Java functions as futures, answers polls, and
 * waits for futures on the guest's thread without deadlocking it.
 */
final class RuntimeAsyncHost implements AsyncHost {
    /** How often a waiting guest re-checks whether it must run the task itself or is deadlocked. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final CleanModule module;
    private final Map<String, Function<List<Object>, ? extends Publisher<?>>> functions;
    private final TaskSettings settings;
    private final FutureTable futures;
    private final InstanceRuns runs;
    private final AtomicInteger waitingOnGuestOwned = new AtomicInteger();
    private final TaskCodec codec;
    /** Where Java function publishers are subscribed: never the guests' threads, so they cannot starve each other. */
    private final Scheduler functionScheduler;

    RuntimeAsyncHost(CleanModule module, Map<String, Function<List<Object>, ? extends Publisher<?>>> functions,
            TaskCodec codec, TaskSettings settings, FutureTable futures, InstanceRuns runs, Scheduler functionScheduler) {
        this.module = module;
        this.functions = functions;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.settings = settings;
        this.futures = futures;
        this.runs = runs;
        this.functionScheduler = functionScheduler;
    }

    // ---- cln 0.33 ----

    @Override
    public void fire(CleanInstance caller, String task, String argsJson) {
        futures.release(start("env._async_fire", task, argsJson, TaskOutcome.Kind.BACKGROUND));
    }

    @Override
    public String await(CleanInstance caller, String task, String argsJson) {
        GuestFuture future = start("env._async_await", task, argsJson, TaskOutcome.Kind.FUTURE);
        try {
            if (awaitSettled(caller, future) == GuestFuture.State.RESOLVED) {
                return future.value();
            }
            Throwable failure = future.failure();
            throw failure instanceof CleanException ? (CleanException) failure
                    : new TaskFailedException(task, future.id(), failure);
        } finally {
            futures.release(future);
        }
    }

    // ---- ID ABI v1 ----

    @Override
    public long spawnTask(CleanInstance caller, String task, String argsJson) {
        GuestFuture future = start("env.spawn_task", task, argsJson, TaskOutcome.Kind.BACKGROUND);
        futures.release(future); // background ids are forgotten once settled
        return future.id();
    }

    @Override
    public long createFuture(CleanInstance caller, String task, String argsJson) {
        return start("env.create_future", task, argsJson, TaskOutcome.Kind.FUTURE).id();
    }

    @Override
    public int futureStatus(CleanInstance caller, long futureId) {
        GuestFuture future = futures.find(futureId);
        return future == null || future.isReleased() && future.isPending() ? UNKNOWN : future.abiStatus();
    }

    @Override
    public String getResult(CleanInstance caller, long futureId) {
        GuestFuture future = futures.require("env.get_result", futureId);
        return awaitSettled(caller, future) == GuestFuture.State.RESOLVED ? future.value() : null;
    }

    @Override
    public String futureError(CleanInstance caller, long futureId) {
        Throwable failure = futures.require("env.future_error", futureId).failure();
        if (failure == null) {
            return null;
        }
        return failure instanceof GuestRejectedException ? ((GuestRejectedException) failure).reason() : failure.getMessage();
    }

    @Override
    public boolean cancelFuture(CleanInstance caller, long futureId) {
        return futures.cancel(futures.require("env.cancel_future", futureId));
    }

    @Override
    public long futureNew(CleanInstance caller) {
        CallContext context = CallContext.current();
        if (context != null) {
            context.owns();
        }
        return futures.create("env.future_new", "future_new", TaskOutcome.Kind.GUEST_OWNED, context).id();
    }

    @Override
    public boolean resolveFuture(CleanInstance caller, long futureId, String value) {
        return futures.resolve(guestOwned("env.resolve_future", futureId), value);
    }

    @Override
    public boolean rejectFuture(CleanInstance caller, long futureId, String message) {
        return futures.fail(guestOwned("env.reject_future", futureId), new GuestRejectedException(futureId, message));
    }

    @Override
    public void releaseFuture(CleanInstance caller, long futureId) {
        GuestFuture future = futures.require("env.release_future", futureId);
        if (future.kind() == TaskOutcome.Kind.GUEST_OWNED) {
            futures.cancel(future); // once released, nobody can settle it: a pending one would stay pending forever
        }
        futures.release(future);
    }

    private GuestFuture guestOwned(String where, long futureId) {
        GuestFuture future = futures.require(where, futureId);
        if (future.kind() != TaskOutcome.Kind.GUEST_OWNED) {
            throw new CleanAbiException(where, "future " + futureId + " runs task '" + future.task()
                    + "'; only futures from future_new are settled by the guest");
        }
        return future;
    }

    // ---- starting work ----

    private GuestFuture start(String where, String task, String argsJson, TaskOutcome.Kind kind) {
        List<Object> args = parseArguments(where, argsJson);
        Function<List<Object>, ? extends Publisher<?>> function = functions.get(task);
        ExportDescriptor export = function == null ? module.export(task).filter(e -> e.kind().equals("function")).orElse(null) : null;
        if (function == null && export == null) {
            throw new UnknownTaskException(where, task);
        }
        if (export != null && export.params().size() != args.size()) {
            throw new CleanAbiException(where, "task '" + task + "' takes " + export.params().size()
                    + " argument(s) but the guest passed " + argsJson + " (cln 0.33 drops the arguments of async calls)");
        }
        CallContext parent = CallContext.current();
        if (parent != null && parent.depth() >= settings.maxTaskDepth()) {
            throw new TaskDepthException(where, parent.chain() + " -> " + task, settings.maxTaskDepth());
        }
        CallContext owner = kind == TaskOutcome.Kind.FUTURE ? parent : null; // if it dies, nobody can await this
        if (owner != null) {
            owner.owns();
        }
        if (function != null) {
            return startFunction(where, task, kind, owner, function, args, parent);
        }
        GuestFuture future = futures.create(where, task, kind, owner);
        startGuestTask(future, export, args, new CallContext(parent == null ? Context.empty() : parent.reactorContext(),
                parent, task), parent);
        return future;
    }

    /**
     * Builds the function's publisher on the guest's thread (a value already there, such as {@code Mono.just},
     * makes a future that is resolved from the start) and subscribes to it on the runtime's function scheduler,
     * so a function that blocks while subscribed never holds up the guest: {@code background} and
     * {@code create_future} return at once. That scheduler is not the guests': guests waiting for functions can
     * never keep a function from being subscribed.
     */
    private GuestFuture startFunction(String where, String task, TaskOutcome.Kind kind, CallContext owner,
            Function<List<Object>, ? extends Publisher<?>> function, List<Object> args, CallContext parent) {
        futures.checkCapacity(where); // before the function runs: a refused future must not run it
        Publisher<?> publisher = null;
        String value = null;
        Exception failure = null;
        try {
            publisher = Objects.requireNonNull(function.apply(args), "the function returned null instead of a Publisher");
            if (publisher instanceof Fuseable.ScalarCallable) {
                Object scalar = ((Fuseable.ScalarCallable<?>) publisher).call();
                value = scalar == null ? "" : stringify(scalar);
            }
        } catch (Exception e) {
            failure = e;
        }
        if (value != null) {
            return futures.createResolved(where, task, kind, owner, parent, value);
        }
        GuestFuture future = futures.create(where, task, kind, owner);
        if (failure != null) {
            futures.fail(future, new TaskFailedException(task, future.id(), failure));
            return future;
        }
        FunctionSubscriber subscriber = new FunctionSubscriber(future, futures, parent, this::stringify);
        future.attach(subscriber);
        Publisher<?> subscribed = publisher;
        try {
            functionScheduler.schedule(() -> subscriber.subscribeTo(subscribed));
        } catch (RuntimeException rejected) {
            futures.fail(future, new TaskFailedException(task, future.id(), runs.schedulerRejected(rejected)));
        }
        return future;
    }

    private void startGuestTask(GuestFuture future, ExportDescriptor export, List<Object> args, CallContext context,
            CallContext parent) {
        TaskRun run = new TaskRun(runs, futures, context, future, export.name(), resultType(export), args.toArray(),
                settings.deadline(), this::stringifyGuest);
        future.attach(run);
        if (settings.isolation() == TaskIsolation.SHARED_INSTANCE && parent != null) {
            run.deferTo(parent);
        } else {
            if (parent != null && future.kind() == TaskOutcome.Kind.FUTURE) {
                parent.offer(run);
            }
            run.start();
        }
    }

    /** Shared-instance mode: runs the tasks a finished call started but never awaited, on its instance. */
    void runDeferred(CleanInstance instance, CallContext context) {
        GuestRun run;
        while ((run = context.nextDeferred()) != null) {
            if (run.claim()) {
                run.runOn(instance);
            }
        }
    }

    // ---- waiting ----

    /**
     * Waits on the guest's thread until {@code future} settles. While it waits it runs the future's task
     * itself when the task cannot get an instance (pool exhausted, or shared-instance mode), runs deferred
     * shared-mode tasks that might settle it, and fails fast when nothing can ever settle it.
     */
    private GuestFuture.State awaitSettled(CleanInstance caller, GuestFuture future) {
        while (true) {
            GuestFuture.State state = future.state();
            if (state != GuestFuture.State.PENDING) {
                return state;
            }
            Disposable work = future.work();
            if (work instanceof GuestRun && mayRunHere() && ((GuestRun) work).claim()) {
                ((GuestRun) work).runOn(caller);
                continue;
            }
            CallContext context = CallContext.current();
            GuestRun deferred = context == null ? null : context.nextDeferred();
            if (deferred != null) {
                if (deferred.claim()) {
                    deferred.runOn(caller);
                }
                continue;
            }
            if (context != null && runs.poolExhausted()) {
                // What we wait for runs elsewhere, or waits for an instance itself (a task, or a call a Java
                // function made for us): rather than idle, run it on our instance.
                GuestRun queued = context.claimQueued();
                if (queued != null) {
                    queued.runOn(caller);
                    continue;
                }
            }
            if (future.kind() == TaskOutcome.Kind.GUEST_OWNED) {
                waitForGuestOwned(future);
            } else {
                future.awaitSettled(RECHECK_NANOS);
            }
        }
    }

    private boolean mayRunHere() {
        return settings.isolation() == TaskIsolation.SHARED_INSTANCE || runs.poolExhausted();
    }

    private void waitForGuestOwned(GuestFuture future) {
        int waiting = waitingOnGuestOwned.incrementAndGet();
        try {
            // Deadlock: no task or Java function in flight, and every active guest run is waiting like us.
            if (futures.workInFlight() == 0 && runs.active() <= waiting) {
                throw new DeadlockException(future.id());
            }
            future.awaitSettled(RECHECK_NANOS);
        } finally {
            waitingOnGuestOwned.decrementAndGet();
        }
    }

    // ---- values ----

    private List<Object> parseArguments(String where, String argsJson) {
        if (argsJson.equals("[]") || argsJson.isBlank()) {
            return List.of(); // what cln 0.33 always passes: skip the codec
        }
        List<Object> args;
        try {
            args = codec.decodeArguments(argsJson);
        } catch (RuntimeException e) {
            throw new CleanAbiException(where, "task arguments are " + e.getMessage() + ": " + argsJson);
        }
        if (args == null) {
            throw new CleanAbiException(where, "task arguments " + argsJson + " decoded to null (" + codec + ")");
        }
        return args;
    }

    private String stringify(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof Double || value instanceof Float) {
            return CleanValues.formatNumber(((Number) value).doubleValue());
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String json;
        try {
            json = codec.encode(value);
        } catch (RuntimeException e) {
            throw new CleanException("cannot encode a " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
        }
        if (json == null) {
            throw new CleanException("cannot encode a " + value.getClass().getName() + " as JSON: the task codec returned null");
        }
        return json;
    }

    /** i32 results are Clean strings (LP pointers), i64 integers, f32/f64 numbers; no result is "". */
    private static Class<?> resultType(ExportDescriptor export) {
        if (export.results().isEmpty()) {
            return Void.class;
        }
        switch (export.results().get(0)) {
            case "i32":
                return String.class;
            case "i64":
                return Long.class;
            default:
                return Double.class;
        }
    }

    String stringifyGuest(Object value) {
        return value == null ? "" : stringify(value);
    }
}

package org.cleanhost.reactor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.cleanhost.wasm.AsyncHost;
import org.cleanhost.wasm.CleanAbiException;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanInstance;
import org.cleanhost.wasm.CleanValues;
import org.cleanhost.wasm.ExportDescriptor;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.Fuseable;
import reactor.util.context.ContextView;

/**
 * The runtime's {@link AsyncHost}: starts guest tasks and Java functions as futures, answers polls, and
 * waits for futures on the guest's thread without deadlocking it.
 */
final class RuntimeAsyncHost implements AsyncHost {
    /** {@link TaskCodec#defaults()}: this library's own (relocated) Jackson 2. */
    static final TaskCodec DEFAULT_CODEC = new JacksonCodec();
    /** How often a waiting guest re-checks whether it must run the task itself or is deadlocked. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final CleanRuntime runtime;
    private final Map<String, Function<List<Object>, ? extends Publisher<?>>> functions;
    private final AtomicInteger waitingOnGuestOwned = new AtomicInteger();
    private final TaskCodec codec;

    RuntimeAsyncHost(CleanRuntime runtime, Map<String, Function<List<Object>, ? extends Publisher<?>>> functions,
            TaskCodec codec) {
        this.runtime = runtime;
        this.functions = functions;
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    // ---- cln 0.33 ----

    @Override
    public void fire(CleanInstance caller, String task, String argsJson) {
        runtime.futures.release(start("env._async_fire", task, argsJson, TaskOutcome.Kind.BACKGROUND));
    }

    @Override
    public String await(CleanInstance caller, String task, String argsJson) {
        GuestFuture future = start("env._async_await", task, argsJson, TaskOutcome.Kind.FUTURE);
        try {
            if (awaitSettled(caller, future) == RESOLVED) {
                return future.value();
            }
            Throwable failure = future.failure();
            throw failure instanceof CleanException ? (CleanException) failure
                    : new TaskFailedException(task, future.id, failure);
        } finally {
            runtime.futures.release(future);
        }
    }

    // ---- ID ABI v1 ----

    @Override
    public long spawnTask(CleanInstance caller, String task, String argsJson) {
        GuestFuture future = start("env.spawn_task", task, argsJson, TaskOutcome.Kind.BACKGROUND);
        runtime.futures.release(future); // background ids are forgotten once settled
        return future.id;
    }

    @Override
    public long createFuture(CleanInstance caller, String task, String argsJson) {
        return start("env.create_future", task, argsJson, TaskOutcome.Kind.FUTURE).id;
    }

    @Override
    public int futureStatus(CleanInstance caller, long futureId) {
        GuestFuture future = runtime.futures.find(futureId);
        return future == null || future.isReleased() && future.state() == PENDING ? UNKNOWN : future.state();
    }

    @Override
    public String getResult(CleanInstance caller, long futureId) {
        GuestFuture future = runtime.futures.require("env.get_result", futureId);
        return awaitSettled(caller, future) == RESOLVED ? future.value() : null;
    }

    @Override
    public String futureError(CleanInstance caller, long futureId) {
        Throwable failure = runtime.futures.require("env.future_error", futureId).failure();
        if (failure == null) {
            return null;
        }
        return failure instanceof GuestRejectedException ? ((GuestRejectedException) failure).reason() : failure.getMessage();
    }

    @Override
    public boolean cancelFuture(CleanInstance caller, long futureId) {
        return runtime.futures.require("env.cancel_future", futureId).cancel();
    }

    @Override
    public long futureNew(CleanInstance caller) {
        CallContext context = CallContext.current();
        if (context != null) {
            context.owns();
        }
        return runtime.futures.create("env.future_new", "future_new", TaskOutcome.Kind.GUEST_OWNED, context).id;
    }

    @Override
    public boolean resolveFuture(CleanInstance caller, long futureId, String value) {
        return guestOwned("env.resolve_future", futureId).resolve(value);
    }

    @Override
    public boolean rejectFuture(CleanInstance caller, long futureId, String message) {
        return guestOwned("env.reject_future", futureId).fail(new GuestRejectedException(futureId, message));
    }

    @Override
    public void releaseFuture(CleanInstance caller, long futureId) {
        GuestFuture future = runtime.futures.require("env.release_future", futureId);
        if (future.kind == TaskOutcome.Kind.GUEST_OWNED) {
            future.cancel(); // once released, nobody can settle it: a pending one would stay pending forever
        }
        runtime.futures.release(future);
    }

    private GuestFuture guestOwned(String where, long futureId) {
        GuestFuture future = runtime.futures.require(where, futureId);
        if (future.kind != TaskOutcome.Kind.GUEST_OWNED) {
            throw new CleanAbiException(where, "future " + futureId + " runs task '" + future.task
                    + "'; only futures from future_new are settled by the guest");
        }
        return future;
    }

    // ---- starting work ----

    private GuestFuture start(String where, String task, String argsJson, TaskOutcome.Kind kind) {
        List<Object> args = parseArguments(where, argsJson);
        Function<List<Object>, ? extends Publisher<?>> function = functions.get(task);
        ExportDescriptor export = function == null ? runtime.module().export(task).filter(e -> e.kind().equals("function")).orElse(null) : null;
        if (function == null && export == null) {
            throw new UnknownTaskException(where, task);
        }
        if (export != null && export.params().size() != args.size()) {
            throw new CleanAbiException(where, "task '" + task + "' takes " + export.params().size()
                    + " argument(s) but the guest passed " + argsJson + " (cln 0.33 drops the arguments of async calls)");
        }
        CallContext parent = CallContext.current();
        ContextView reactorContext = CallContext.currentReactorContext();
        CallContext owner = kind == TaskOutcome.Kind.FUTURE ? parent : null; // if it dies, nobody can await this
        if (owner != null) {
            owner.owns();
        }
        GuestFuture future = runtime.futures.create(where, task, kind, owner);
        if (function != null) {
            startFunction(future, function, args, reactorContext);
        } else {
            startGuestTask(future, export, args, new CallContext(reactorContext), parent);
        }
        return future;
    }

    private void startFunction(GuestFuture future, Function<List<Object>, ? extends Publisher<?>> function,
            List<Object> args, ContextView reactorContext) {
        Publisher<?> publisher;
        try {
            publisher = Objects.requireNonNull(function.apply(args), "the function returned null instead of a Publisher");
        } catch (RuntimeException e) {
            future.fail(new TaskFailedException(future.task, future.id, e));
            return;
        }
        if (publisher instanceof Fuseable.ScalarCallable) {
            // Mono.just / Mono.empty / Mono.error: the value is already here, no subscription needed
            try {
                Object value = ((Fuseable.ScalarCallable<?>) publisher).call();
                future.resolve(value == null ? "" : stringify(value));
            } catch (Exception e) {
                future.fail(new TaskFailedException(future.task, future.id, e));
            }
            return;
        }
        FunctionSubscriber subscriber = new FunctionSubscriber(future, reactorContext, this::stringify);
        future.attach(subscriber);
        publisher.subscribe(subscriber);
    }

    private void startGuestTask(GuestFuture future, ExportDescriptor export, List<Object> args, CallContext context,
            CallContext parent) {
        Class<?> resultType = resultType(export);
        GuestRun run = new GuestRun(runtime, context,
                instance -> stringifyGuest(instance.call(runtime.deadline(), export.name(), resultType, args.toArray())),
                value -> future.resolve((String) value),
                error -> future.fail(new TaskFailedException(future.task, future.id, error)));
        future.attach(run);
        if (runtime.isolation() == TaskIsolation.SHARED_INSTANCE && parent != null) {
            parent.deferred.add(run);
        } else {
            if (parent != null && future.kind == TaskOutcome.Kind.FUTURE) {
                parent.startedTask(run);
            }
            run.start();
        }
    }

    /** Shared-instance mode: runs the tasks a finished call started but never awaited, on its instance. */
    void runDeferred(CleanInstance instance, CallContext context) {
        GuestRun run;
        while ((run = context.deferred.poll()) != null) {
            if (run.claim()) {
                run.runOn(instance);
            }
        }
    }

    void cancelAll() {
        // Futures are reachable only through the table; cancelling disposes their work.
        runtime.futures.forEach(GuestFuture::cancel);
    }

    // ---- waiting ----

    /**
     * Waits on the guest's thread until {@code future} settles. While it waits it runs the future's task
     * itself when the task cannot get an instance (pool exhausted, or shared-instance mode), runs deferred
     * shared-mode tasks that might settle it, and fails fast when nothing can ever settle it.
     */
    private int awaitSettled(CleanInstance caller, GuestFuture future) {
        while (true) {
            int state = future.state();
            if (state != PENDING) {
                return state;
            }
            Disposable work = future.work();
            if (work instanceof GuestRun && mayRunHere() && ((GuestRun) work).claim()) {
                ((GuestRun) work).runOn(caller);
                continue;
            }
            CallContext context = CallContext.current();
            if (context != null && !context.deferred.isEmpty()) {
                GuestRun next = context.deferred.poll();
                if (next.claim()) {
                    next.runOn(caller);
                }
                continue;
            }
            if (context != null && runtime.poolExhausted()) {
                // What we wait for runs elsewhere; rather than idle, run a sibling still queued for an instance.
                GuestRun sibling = context.claimQueuedTask();
                if (sibling != null) {
                    sibling.runOn(caller);
                    continue;
                }
            }
            if (future.kind == TaskOutcome.Kind.GUEST_OWNED) {
                waitForGuestOwned(future);
            } else {
                future.awaitSettled(RECHECK_NANOS);
            }
        }
    }

    private boolean mayRunHere() {
        return runtime.isolation() == TaskIsolation.SHARED_INSTANCE || runtime.poolExhausted();
    }

    private void waitForGuestOwned(GuestFuture future) {
        int waiting = waitingOnGuestOwned.incrementAndGet();
        try {
            // Deadlock: no task or Java function in flight, and every active guest run is waiting like us.
            if (runtime.futures.workInFlight.get() == 0 && runtime.activeRuns.get() <= waiting) {
                throw new DeadlockException(future.id);
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

    /** The built-in {@link TaskCodec}. Jackson 2 here is relocated to org.cleanhost.shaded.jackson when packaged. */
    private static final class JacksonCodec implements TaskCodec {
        private final ObjectMapper json = new ObjectMapper();

        @Override
        public List<Object> decodeArguments(String argsJson) {
            JsonNode array;
            try {
                array = json.readTree(argsJson);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not JSON");
            }
            if (array == null || !array.isArray()) {
                throw new IllegalArgumentException("not a JSON array");
            }
            List<Object> args = new ArrayList<>(array.size());
            for (JsonNode node : array) {
                args.add(javaValue(node));
            }
            return args;
        }

        private Object javaValue(JsonNode node) {
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isIntegralNumber()) {
                return node.longValue();
            }
            if (node.isNumber()) {
                return node.doubleValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isNull()) {
                return null;
            }
            return json.convertValue(node, Object.class); // List or Map
        }

        @Override
        public String encode(Object value) {
            try {
                return json.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e.getOriginalMessage(), e);
            }
        }
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

    private String stringifyGuest(Object value) {
        return value == null ? "" : stringify(value);
    }
}

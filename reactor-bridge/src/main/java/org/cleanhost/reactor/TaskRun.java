package org.cleanhost.reactor;

import java.time.Duration;
import java.util.function.Function;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanInstance;

/** A guest export run as a task: its result, as a string, settles the task's future. */
final class TaskRun extends GuestRun {
    private final GuestFuture future;
    private final FutureTable futures;
    private final String export;
    private final Class<?> resultType;
    private final Object[] args;
    private final Duration deadline;
    private final Function<Object, String> encoder;

    TaskRun(InstanceRuns runs, FutureTable futures, CallContext context, GuestFuture future, String export,
            Class<?> resultType, Object[] args, Duration deadline, Function<Object, String> encoder) {
        super(runs, futures, context);
        this.future = future;
        this.futures = futures;
        this.export = export;
        this.resultType = resultType;
        this.args = args;
        this.deadline = deadline;
        this.encoder = encoder;
    }

    @Override
    Object body(CleanInstance instance) {
        return encoder.apply(instance.call(deadline, export, resultType, args));
    }

    @Override
    void deliver(Object result, CleanException failure) {
        if (failure == null) {
            futures.resolve(future, (String) result);
        } else {
            futures.fail(future, new TaskFailedException(future.task(), future.id(), failure));
        }
    }

    @Override
    String describe() {
        return "task '" + future.task() + "' (future " + future.id() + ")";
    }
}

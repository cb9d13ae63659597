package org.cleanhost.reactor;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.cleanhost.wasm.CleanModule;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs a Clean module reactively: guest exports as cold {@link Mono}s, every future the guest creates as a
 * hot {@link Mono}, task outcomes on a hot {@link Flux}, and Java {@link Publisher} functions the guest can
 * start by name.
 *
 * <p><b>Threading.</b> Guest code runs only on the runtime's scheduler ({@link Schedulers#boundedElastic()}
 * by default; a scheduler that may block), never on the subscribing thread: subscribing from a Netty event
 * loop or {@code parallel()} is safe. Each instance runs on one thread at a time. All methods are thread-safe
 * and none blocks, except {@link Builder#build()} (linking, warm-up).
 *
 * <p><b>Signals.</b> Every subscription gets exactly one terminal signal, whatever the guest, the module or the
 * subscriber does. Publishers fail only with {@link org.cleanhost.wasm.CleanException} subtypes; the export and
 * arguments are checked at subscription, before an instance is taken
 * ({@link org.cleanhost.wasm.CleanArgumentException}). An instance that trapped, timed out, was interrupted or
 * hit a host error is discarded and the pool refills. See docs/abi.md for the full error table.
 *
 * <pre>{@code
 * try (CleanRuntime runtime = CleanRuntime.builder(CleanModule.load(wasmBytes)).poolSize(4)
 *         .deadline(Duration.ofSeconds(2))
 *         .function("db.findUser", args -> userRepository.findById((Long) args.get(0)))
 *         .build()) {
 *     Mono<String> report = runtime.call("report", String.class, 42);
 * }
 * }</pre>
 */
public final class CleanRuntime implements Disposable, AutoCloseable {
    private final RuntimeParts parts;
    private final CleanModule module;
    private final Duration deadline;
    private final FutureTable futures;
    private final InstanceRuns runs;
    private final OutcomeSink outcomes;

    private CleanRuntime(RuntimeParts parts) {
        this.parts = parts;
        this.module = parts.module();
        this.deadline = parts.settings().deadline();
        this.futures = parts.futures();
        this.runs = parts.runs();
        this.outcomes = parts.outcomes();
    }

    /**
     * @param module the module to run (its {@link org.cleanhost.wasm.ExecutionMode} is the runtime's)
     * @return a builder with the defaults documented on each of its methods
     */
    public static Builder builder(CleanModule module) {
        return new Builder(module);
    }

    /** {@link #call(Duration, String, Class, Object...)} with the runtime's deadline. */
    public <T> Mono<T> call(String export, Class<T> resultType, Object... args) {
        return call(deadline, export, resultType, args);
    }

    /**
     * Calls a guest export. Cold: each subscription, on its first request, runs the export once on a pooled
     * instance on the runtime's scheduler. Arguments and {@code resultType} map as in
     * {@link org.cleanhost.wasm.CleanInstance#call}; primitive result types decode boxed and {@code Void}
     * completes empty. The subscriber's Reactor context is visible to the Java functions the guest starts; a
     * {@code call} those functions make is run by the waiting guest itself when no instance is free.
     * Cancelling interrupts the guest (its instance is then discarded) or withdraws the queued call.
     *
     * @param deadline stop the guest after this long; {@code null} for none
     * @param export the exported function's name
     * @param resultType how to decode the result
     * @param args the arguments, none {@code null}
     * @return a {@code Mono} of the decoded result, never {@code null}
     */
    public <T> Mono<T> call(Duration deadline, String export, Class<T> resultType, Object... args) {
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(resultType, "resultType");
        return new CallMono<>(parts, deadline, export, resultType, args.clone());
    }

    /**
     * Calls an export that returns a future id (i32 or i64) and completes when that future does. The Mono
     * takes ownership of the id: it is released once the future settles, and cancelling the subscription
     * cancels the future if it is still pending.
     *
     * @param export the exported function's name
     * @param args the arguments, none {@code null}
     * @return a cold {@code Mono} of the future's value
     */
    public Mono<String> callForFuture(String export, Object... args) {
        Objects.requireNonNull(export, "export");
        return new CallForFutureMono(parts, deadline, export, args.clone());
    }

    /**
     * The future {@code id} as a hot, replaying {@link Mono}: its value, or {@link TaskFailedException},
     * {@link GuestRejectedException}, {@link CleanCancelledException}. Every subscriber sees the same outcome;
     * cancelling a subscription leaves the future running (use {@link #cancel}).
     *
     * @param id a live future id
     * @return the future; fails with {@link UnknownFutureException} at subscription if the id is not live
     */
    public Mono<String> future(long id) {
        return Mono.defer(() -> {
            GuestFuture future = futures.find(id);
            return future == null || future.isReleased()
                    ? Mono.error(new UnknownFutureException("CleanRuntime.future", id)) : new GuestFutureMono(future);
        });
    }

    /**
     * Cancels a pending future from Java, as the guest's {@code cancel_future} would. Never blocks.
     *
     * @param futureId the id
     * @return whether it was pending and is now cancelled
     */
    public boolean cancel(long futureId) {
        GuestFuture future = futures.find(futureId);
        return future != null && futures.cancel(future);
    }

    /**
     * The outcome of every task the guest starts, as it settles: a hot {@link Flux}; late subscribers see only
     * later outcomes. Each subscriber has its own buffer ({@link Builder#outcomeBuffer}); one that falls a whole
     * buffer behind loses the oldest outcome, counted in {@link RuntimeStats#outcomesDropped()}. Tasks never wait
     * for subscribers.
     *
     * @param kinds the kinds to receive; none means all
     * @return the outcomes, never completing while the runtime lives
     */
    public Flux<TaskOutcome> taskOutcomes(TaskOutcome.Kind... kinds) {
        return outcomes.flux(kinds.length == 0 ? EnumSet.allOf(TaskOutcome.Kind.class) : EnumSet.copyOf(List.of(kinds)));
    }

    /**
     * Completes when no guest call or task is queued or running and no future waits for work, e.g. to let
     * background tasks finish before exiting; every outcome settled by then has been emitted. Polls every few
     * milliseconds on the parallel scheduler.
     *
     * @return a cold {@code Mono} completing empty
     */
    public Mono<Void> whenIdle() {
        return Mono.defer(() -> isIdle() ? Mono.<Void>empty()
                : Flux.interval(Duration.ofMillis(5)).filter(tick -> isIdle()).next().then());
    }

    private boolean isIdle() {
        return runs.active() == 0 && futures.workInFlight() == 0;
    }

    /** @return a snapshot of the counters, for metrics and leak checks */
    public RuntimeStats stats() {
        return new RuntimeStats(futures.created(), futures.resolved(), futures.failed(), futures.cancelled(),
                futures.pending(), futures.size(), runs.active(), runs.idleInstances(), runs.instancesInUse(),
                runs.instancesCreated(), runs.instancesDiscarded(), outcomes.dropped());
    }

    /** @return the module this runtime runs */
    public CleanModule module() {
        return module;
    }

    /**
     * Closes at once and never blocks: new calls fail with {@link RuntimeDisposedException}, queued calls fail
     * with it, running guests are interrupted and their calls fail with it, pending futures are cancelled
     * with it, instances are discarded. Idempotent.
     */
    @Override
    public void dispose() {
        RuntimeDisposedException reason = new RuntimeDisposedException("the CleanRuntime was disposed");
        runs.close(reason);
        futures.cancelAll(reason);
        parts.functionScheduler().dispose();
    }

    /**
     * Closes gracefully: from subscription on, new calls from Java are refused with
     * {@link RuntimeDisposedException}; work in flight (and the tasks it starts) may finish for up to
     * {@code timeout}; then {@link #dispose()} stops whatever is left.
     *
     * @param timeout how long in-flight work may take
     * @return a cold {@code Mono} that completes once disposed
     */
    public Mono<Void> disposeGracefully(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return Mono.defer(() -> {
            runs.drain(new RuntimeDisposedException("the CleanRuntime is shutting down"));
            return whenIdle().timeout(timeout, Mono.empty());
        }).doFinally(signal -> dispose());
    }

    /** {@link #dispose()}, for try-with-resources. */
    @Override
    public void close() {
        dispose();
    }

    @Override
    public boolean isDisposed() {
        return runs.refusesCall(false) != null;
    }

    /**
     * Configures a {@link CleanRuntime}: each option is documented on its method, with its default. Not
     * thread-safe.
     */
    public static final class Builder extends RuntimeOptions {
        private Builder(CleanModule module) {
            super(module);
        }

        /**
         * Links the module and builds the runtime; blocks while creating the warm-up instances.
         *
         * @return the runtime
         * @throws org.cleanhost.wasm.CleanLinkException listing every import that cannot be bound
         */
        public CleanRuntime build() {
            return new CleanRuntime(wire());
        }
    }
}

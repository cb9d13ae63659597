package org.cleanhost.reactor;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.cleanhost.wasm.CleanHost;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.GuestConsole;
import org.cleanhost.wasm.GuestInput;
import org.cleanhost.wasm.InstanceLifecycle;
import org.reactivestreams.Publisher;
import org.slf4j.event.Level;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
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
    private final CleanModule module;
    private final Duration deadline;
    private final OutcomeSink outcomes;
    private final FutureTable futures;
    private final InstanceRuns runs;
    private final RuntimeParts parts;
    private final Scheduler functionScheduler;

    private CleanRuntime(Builder b) {
        this.module = b.module;
        this.deadline = b.deadline;
        this.outcomes = new OutcomeSink(b.outcomeBuffer, b.backgroundFailureLevel);
        this.futures = new FutureTable(b.maxPendingFutures, outcomes);
        this.runs = new InstanceRuns(b.scheduler, b.poolSize, b.warmUp, b.acquireTimeout, b.maxPendingCalls);
        TaskSettings settings = new TaskSettings(b.deadline, b.isolation, b.maxTaskDepth);
        // Java function publishers are subscribed on threads of their own, never on the guests' (see RuntimeAsyncHost)
        this.functionScheduler = Schedulers.newBoundedElastic(Math.max(4, b.poolSize), 100_000, "clean-functions", 60, true);
        RuntimeAsyncHost asyncHost = new RuntimeAsyncHost(module, Map.copyOf(b.functions), b.codec, settings, futures, runs,
                functionScheduler);
        this.parts = new RuntimeParts(module, settings, runs, futures, asyncHost);
        try {
            CleanHost host = b.host.asyncHost(asyncHost).build();
            runs.open(new InstanceLifecycle(host, b.maxCallsPerInstance, b.maxMemoryGrowthBytes));
        } catch (RuntimeException | Error e) {
            functionScheduler.dispose(); // a runtime that failed to build leaves no thread behind
            throw e;
        }
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
        functionScheduler.dispose();
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
     * Configures a {@link CleanRuntime}. Not thread-safe. {@link #build()} links the module and blocks while
     * creating the warm-up instances.
     */
    public static final class Builder {
        private final CleanModule module;
        private final CleanHost.Builder host; // console, input, imports, memory cap: the host builder's own
        private final Map<String, Function<List<Object>, ? extends Publisher<?>>> functions = new LinkedHashMap<>();
        private int poolSize = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int warmUp;
        private Duration deadline;
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private int maxPendingCalls = 10_000;
        private Scheduler scheduler = Schedulers.boundedElastic();
        private TaskIsolation isolation = TaskIsolation.ISOLATED;
        private long maxCallsPerInstance = InstanceLifecycle.DEFAULT_MAX_CALLS;
        private long maxMemoryGrowthBytes = InstanceLifecycle.DEFAULT_MAX_MEMORY_GROWTH;
        private int maxPendingFutures = 100_000;
        private int maxTaskDepth = 32;
        private int outcomeBuffer = 256;
        private Level backgroundFailureLevel = Level.WARN;
        private TaskCodec codec = TaskCodec.defaults();

        private Builder(CleanModule module) {
            this.module = Objects.requireNonNull(module, "module");
            this.host = CleanHost.builder(module);
        }

        /** @param size how many instances may exist at once (default: the number of cores, at least 2) @return this */
        public Builder poolSize(int size) {
            this.poolSize = atLeast(1, size, "poolSize");
            return this;
        }

        /** @param instances how many instances {@link #build()} creates (default 0) @return this */
        public Builder warmUp(int instances) {
            this.warmUp = atLeast(0, instances, "warmUp");
            return this;
        }

        /** @param deadline for every guest call and task; a guest past it is stopped (default: none) @return this */
        public Builder deadline(Duration deadline) {
            if (deadline != null && (deadline.isZero() || deadline.isNegative())) {
                throw new IllegalArgumentException("deadline must be positive: " + deadline);
            }
            this.deadline = deadline;
            return this;
        }

        /**
         * @param acquireTimeout how long a call may wait for a free instance (default 30 s)
         * @param maxPendingCalls how many calls may wait (default 10 000); beyond either, {@code CleanBusyException}
         * @return this
         */
        public Builder queue(Duration acquireTimeout, int maxPendingCalls) {
            this.acquireTimeout = Objects.requireNonNull(acquireTimeout, "acquireTimeout");
            this.maxPendingCalls = atLeast(0, maxPendingCalls, "maxPendingCalls");
            return this;
        }

        /** @param scheduler where guest code runs; its threads must be allowed to block (default boundedElastic) @return this */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** @param isolation where guest tasks run (default {@link TaskIsolation#ISOLATED}) @return this */
        public Builder taskIsolation(TaskIsolation isolation) {
            this.isolation = Objects.requireNonNull(isolation, "isolation");
            return this;
        }

        /**
         * Registers a Java async function the guest can start by name ({@code later u = start db.findUser(42)}).
         * It gets the guest's JSON arguments as Java values (String, Long, Double, Boolean, List, Map, null) on the
         * guest's thread and must not block there; its {@link Publisher} is subscribed on the runtime's own
         * function scheduler (threads {@code clean-functions-*}, not the guests') with the starting call's
         * Reactor context. The first element becomes the future's value (a String as
         * is, anything else as JSON), empty gives {@code ""}. Names resolve to Java functions before exports.
         *
         * @param name the task name the guest uses
         * @param function builds the publisher
         * @return this
         */
        public Builder function(String name, Function<List<Object>, ? extends Publisher<?>> function) {
            functions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(function, "function"));
            return this;
        }

        /** @param console where guest output goes (default standard output) @return this */
        public Builder console(GuestConsole console) {
            host.console(console);
            return this;
        }

        /** @param input what answers {@code env.input} (default {@link GuestInput#none()}) @return this */
        public Builder input(GuestInput input) {
            host.input(input);
            return this;
        }

        /** @param lenient see {@link CleanHost.Builder#lenientImports} (default {@code false}) @return this */
        public Builder lenientImports(boolean lenient) {
            host.lenientImports(lenient);
            return this;
        }

        /**
         * @param calls recycle an instance after this many calls (default 10 000)
         * @param memoryGrowthBytes or after this much memory growth (default 50 MiB)
         * @return this
         */
        public Builder recycleAfter(long calls, long memoryGrowthBytes) {
            this.maxCallsPerInstance = calls;
            this.maxMemoryGrowthBytes = memoryGrowthBytes;
            return this;
        }

        /** @param max futures and tasks pending at once; one more fails the guest call busy (default 100 000) @return this */
        public Builder maxPendingFutures(int max) {
            this.maxPendingFutures = atLeast(1, max, "maxPendingFutures");
            return this;
        }

        /**
         * How task arguments and Java function results are converted to and from JSON. Default
         * {@link TaskCodec#defaults()}; the Spring Boot starter passes one backed by the application's JSON mapper.
         *
         * @param codec a thread-safe codec
         * @return this builder
         */
        public Builder taskCodec(TaskCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }


        /**
         * @param depth how deep tasks may nest (a task, or a call a Java function makes, started while another
         *     runs is one level deeper); deeper fails with {@link TaskDepthException} (default 32)
         * @return this
         */
        public Builder maxTaskDepth(int depth) {
            this.maxTaskDepth = atLeast(1, depth, "maxTaskDepth");
            return this;
        }

        /** @param outcomes each {@link #taskOutcomes} subscriber's buffer (default 256) @return this */
        public Builder outcomeBuffer(int outcomes) {
            this.outcomeBuffer = atLeast(1, outcomes, "outcomeBuffer");
            return this;
        }

        /**
         * @param level where a failed background task is logged, one line, logger {@code CleanRuntime}; {@code null}
         *     logs nothing, e.g. when the application consumes {@link #taskOutcomes} (default WARN)
         * @return this
         */
        public Builder backgroundFailureLogLevel(Level level) {
            this.backgroundFailureLevel = level;
            return this;
        }

        /** @param access which hosts the guest's HTTP client imports may reach (default none) @return this */
        public Builder httpAccess(org.cleanhost.wasm.HttpAccess access) {
            host.httpAccess(access);
            return this;
        }

        /** @param pages see {@link CleanHost.Builder#maxMemoryPages} @return this */
        public Builder maxMemoryPages(int pages) {
            host.maxMemoryPages(pages);
            return this;
        }

        /**
         * Links the module and builds the runtime; blocks while creating the warm-up instances.
         *
         * @return the runtime
         * @throws org.cleanhost.wasm.CleanLinkException listing every import that cannot be bound
         */
        public CleanRuntime build() {
            if (warmUp > poolSize) {
                throw new IllegalArgumentException("warmUp (" + warmUp + ") exceeds poolSize (" + poolSize + ")");
            }
            return new CleanRuntime(this);
        }

        private static int atLeast(int min, int value, String name) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
            }
            return value;
        }
    }
}

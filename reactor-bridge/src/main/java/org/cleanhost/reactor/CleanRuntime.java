package org.cleanhost.reactor;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.cleanhost.wasm.CleanBusyException;
import org.cleanhost.wasm.CleanHost;
import org.cleanhost.wasm.CleanInstance;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.GuestConsole;
import org.cleanhost.wasm.GuestInput;
import org.cleanhost.wasm.InstanceLifecycle;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.pool.InstrumentedPool;
import reactor.pool.PoolAcquirePendingLimitException;
import reactor.pool.PoolAcquireTimeoutException;
import reactor.pool.PoolBuilder;
import reactor.pool.PooledRef;

/**
 * Runs a Clean module reactively: guest exports as cold {@link Mono}s, every future the guest creates
 * as a hot {@link Mono}, background tasks on a hot {@link Flux}, and Java {@link Publisher} functions
 * the guest can start by name.
 *
 * <p><b>Threading.</b> Guest code runs only on the runtime's scheduler ({@link Schedulers#boundedElastic()}
 * by default; a scheduler that may block), never on the subscribing thread: subscribing from a Netty
 * event loop or {@code parallel()} is safe. Each instance runs on one thread at a time. When a call
 * waits for an instance, it runs on the scheduler thread that gives one back, right after that thread
 * has delivered its own result (if delivering takes over 1 ms, the call is scheduled on another worker).
 * All methods are thread-safe and none blocks.
 *
 * <p><b>Errors.</b> Publishers fail with a {@link org.cleanhost.wasm.CleanException} subtype:
 * {@link org.cleanhost.wasm.CleanTrapException}, {@link org.cleanhost.wasm.CleanTimeoutException},
 * {@link org.cleanhost.wasm.CleanLinkException}, {@link org.cleanhost.wasm.CleanBusyException},
 * {@link TaskFailedException}, {@link CleanCancelledException}, {@link GuestRejectedException},
 * {@link UnknownFutureException}, {@link UnknownTaskException} and the other
 * {@link org.cleanhost.wasm.CleanAbiException}s (the guest misused the async ABI), {@link DeadlockException}. An instance
 * that trapped, timed out, was interrupted or hit a host error is discarded and the pool refills.
 *
 * <pre>{@code
 * CleanRuntime runtime = CleanRuntime.builder(CleanModule.load(wasmBytes))
 *         .poolSize(4)
 *         .deadline(Duration.ofSeconds(2))
 *         .function("db.findUser", args -> userRepository.findById((Long) args.get(0)))
 *         .build();
 * Mono<String> report = runtime.call("report", String.class, 42);
 * }</pre>
 */
public final class CleanRuntime implements Disposable {
    private static final Logger LOG = LoggerFactory.getLogger(CleanRuntime.class);

    private final CleanModule module;
    private final InstanceLifecycle lifecycle;
    private final InstrumentedPool<CleanInstance> pool;
    private final Scheduler scheduler;
    private final Duration deadline;
    private final Duration acquireTimeout;
    private final TaskIsolation isolation;
    private final int poolSize;
    private final int maxPendingCalls;
    private final int maxPendingFutures;
    private final Sinks.Many<TaskOutcome> outcomes = Sinks.many().multicast().directBestEffort();
    private final Object outcomesLock = new Object();
    final FutureTable futures;
    final RuntimeAsyncHost asyncHost;
    /** Guest calls and guest tasks queued or running; see {@link GuestRun}. */
    final AtomicInteger activeRuns = new AtomicInteger();
    private volatile boolean disposed;

    private CleanRuntime(Builder b) {
        this.module = b.module;
        this.scheduler = b.scheduler;
        this.deadline = b.deadline;
        this.acquireTimeout = b.acquireTimeout;
        this.isolation = b.isolation;
        this.poolSize = b.poolSize;
        this.maxPendingCalls = b.maxPendingCalls;
        this.maxPendingFutures = b.maxPendingFutures;
        this.futures = new FutureTable(this);
        this.asyncHost = new RuntimeAsyncHost(this, Map.copyOf(b.functions), b.codec);
        CleanHost host = b.host.asyncHost(asyncHost).build();
        this.lifecycle = new InstanceLifecycle(host, b.maxCallsPerInstance, b.maxMemoryGrowthBytes);
        this.pool = PoolBuilder.from(Mono.fromCallable(lifecycle::create).subscribeOn(scheduler))
                .sizeBetween(b.warmUp, b.poolSize)
                .maxPendingAcquire(b.maxPendingCalls)
                .releaseHandler(instance -> Mono.fromRunnable(() -> lifecycle.reset(instance)))
                .destroyHandler(instance -> Mono.fromRunnable(() -> lifecycle.discard(instance)))
                .evictionPredicate((instance, metadata) -> !lifecycle.isReusable(instance))
                .buildPool();
        if (b.warmUp > 0) {
            pool.warmup().block();
        }
    }

    /** Starts configuring a runtime for {@code module} (its {@link org.cleanhost.wasm.ExecutionMode} is the module's). */
    public static Builder builder(CleanModule module) {
        return new Builder(module);
    }

    /**
     * Calls a guest export. Cold: nothing runs until subscription; each subscription runs the export once
     * on a pooled instance on the runtime's scheduler, with the runtime's deadline. Arguments and
     * {@code resultType} map as in {@link CleanInstance#call}; {@code Void} completes empty.
     *
     * <p>The subscriber's Reactor {@link reactor.util.context.Context} is visible to the Java functions
     * the guest starts during the call. Cancelling the subscription interrupts the guest (its instance is
     * then discarded) or, if it has not started, withdraws it.
     */
    public <T> Mono<T> call(String export, Class<T> resultType, Object... args) {
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(resultType, "resultType");
        Object[] arguments = args.clone();
        return Mono.create(sink -> {
            CallContext context = new CallContext(sink.contextView());
            GuestRun run = new GuestRun(this, context,
                    instance -> runExport(instance, context, export, resultType, arguments),
                    value -> sink.success(resultType.cast(value)), sink::error);
            sink.onCancel(run);
            run.start();
        });
    }

    /**
     * Calls an export that returns a future id (i32 or i64) and completes when that future does. The
     * returned Mono takes ownership of the id: the id is released once the future settles, and cancelling
     * the subscription cancels the future if it is still pending.
     */
    public Mono<String> callForFuture(String export, Object... args) {
        Objects.requireNonNull(export, "export");
        Object[] arguments = args.clone();
        return Mono.create(sink -> {
            FutureOfCall follower = new FutureOfCall(futures, sink, export);
            sink.onCancel(follower::cancel);
            CallContext context = new CallContext(sink.contextView());
            GuestRun run = new GuestRun(this, context,
                    instance -> runExport(instance, context, export, Long.class, arguments),
                    id -> follower.idArrived((Long) id), follower::callFailed);
            follower.follow(run);
            run.start();
        });
    }

    /**
     * The future with {@code id} as a hot, replaying {@link Mono}: it emits the future's value, or fails with
     * {@link TaskFailedException}, {@link GuestRejectedException} or {@link CleanCancelledException}. Every
     * subscriber sees the same outcome; cancelling a subscription leaves the future running (use
     * {@link #cancel}). Fails with {@link UnknownFutureException} at subscription if the id is not live.
     */
    public Mono<String> future(long id) {
        return Mono.defer(() -> {
            GuestFuture future = futures.find(id);
            return future == null || future.isReleased()
                    ? Mono.error(new UnknownFutureException("CleanRuntime.future", id))
                    : new GuestFutureMono(future);
        });
    }

    /** Cancels a pending future from Java, as the guest's {@code cancel_future} would. Never blocks. */
    public boolean cancel(long futureId) {
        GuestFuture future = futures.find(futureId);
        return future != null && future.cancel();
    }

    /**
     * A hot {@link Flux} of the outcome of every task the guest starts (background tasks, futures and
     * guest-owned futures), emitted as they settle. Late subscribers see only later outcomes; a
     * subscriber that cannot keep up misses outcomes rather than slowing tasks. Failures are also logged.
     */
    public Flux<TaskOutcome> taskOutcomes() {
        return outcomes.asFlux();
    }

    /**
     * Completes when no guest call or task is queued or running and no future is waiting for work, e.g.
     * to let background tasks finish before exiting; the outcome of every task settled by then has been
     * emitted by {@link #taskOutcomes()}. Polls every few milliseconds on the parallel scheduler.
     */
    public Mono<Void> whenIdle() {
        return Mono.defer(() -> isIdle() ? Mono.<Void>empty()
                : Flux.interval(Duration.ofMillis(5)).filter(tick -> isIdle()).next().then());
    }

    public RuntimeStats stats() {
        InstrumentedPool.PoolMetrics metrics = pool.metrics();
        return new RuntimeStats(futures.created.sum(), futures.resolved.sum(), futures.failed.sum(),
                futures.cancelled.sum(), futures.pending.get(), futures.size(), activeRuns.get(),
                metrics.idleSize(), metrics.acquiredSize(), lifecycle.created(), lifecycle.discarded());
    }

    public CleanModule module() {
        return module;
    }

    /** Cancels pending futures and closes the pool; instances in use are discarded when their work ends. */
    @Override
    public void dispose() {
        disposed = true;
        asyncHost.cancelAll();
        pool.dispose();
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    private boolean isIdle() {
        return activeRuns.get() == 0 && futures.workInFlight.get() == 0;
    }

    private Object runExport(CleanInstance instance, CallContext context, String export, Class<?> resultType, Object[] args) {
        Object result = instance.call(deadline, export, resultType, args);
        asyncHost.runDeferred(instance, context);
        return result;
    }

    // ---- used by GuestRun and RuntimeAsyncHost ----

    Mono<PooledRef<CleanInstance>> acquire() {
        if (disposed) {
            return Mono.error(new IllegalStateException("CleanRuntime is disposed"));
        }
        return acquireTimeout == null ? pool.acquire() : pool.acquire(acquireTimeout);
    }

    void release(PooledRef<CleanInstance> ref) {
        boolean keep = !disposed && lifecycle.isReusable(ref.poolable());
        (keep ? ref.release() : ref.invalidate())
                .subscribe(null, e -> LOG.warn("returning instance {} to the pool failed", ref.poolable(), e));
    }

    Throwable mapAcquireError(Throwable error) {
        if (error instanceof PoolAcquireTimeoutException) {
            return new CleanBusyException(poolSize, acquireTimeout == null ? Duration.ZERO : acquireTimeout);
        }
        if (error instanceof PoolAcquirePendingLimitException) {
            return new CleanBusyException("all " + poolSize + " pooled instances are busy and " + maxPendingCalls
                    + " calls already wait for one (the queue's limit): refused without waiting");
        }
        return error;
    }

    /**
     * Whether every instance is lent out, so a task waiting for one may never get one while its awaiter
     * holds one. An instance still being created for a waiting task does not count as lent.
     */
    boolean poolExhausted() {
        InstrumentedPool.PoolMetrics metrics = pool.metrics();
        return metrics.acquiredSize() >= metrics.getMaxAllocatedSize();
    }

    int maxPendingFutures() {
        return maxPendingFutures;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    Duration deadline() {
        return deadline;
    }

    TaskIsolation isolation() {
        return isolation;
    }

    /** Whether anyone listens to {@link #taskOutcomes()}; when not, successful outcomes are not even built. */
    boolean outcomesWanted() {
        return outcomes.currentSubscriberCount() > 0;
    }

    void publish(TaskOutcome outcome) {
        if (outcome.error() != null && outcome.kind() == TaskOutcome.Kind.BACKGROUND) {
            LOG.warn("background task '{}' (id {}) failed", outcome.task(), outcome.id(), outcome.error());
        }
        synchronized (outcomesLock) {
            outcomes.tryEmitNext(outcome);
        }
    }

    /**
     * Configures a {@link CleanRuntime}. Not thread-safe. {@link #build()} links the module and blocks
     * while creating the warm-up instances.
     */
    public static final class Builder {
        private final CleanModule module;
        private int poolSize = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int warmUp;
        private Duration deadline;
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private int maxPendingCalls = 10_000;
        private Scheduler scheduler = Schedulers.boundedElastic();
        private TaskIsolation isolation = TaskIsolation.ISOLATED;
        private final Map<String, Function<List<Object>, ? extends Publisher<?>>> functions = new LinkedHashMap<>();
        /** The host settings (console, input, imports, memory cap) are the CleanHost builder's own. */
        private final CleanHost.Builder host;
        private long maxCallsPerInstance = InstanceLifecycle.DEFAULT_MAX_CALLS;
        private long maxMemoryGrowthBytes = InstanceLifecycle.DEFAULT_MAX_MEMORY_GROWTH;
        private int maxPendingFutures = 100_000;
        private TaskCodec codec = TaskCodec.defaults();

        private Builder(CleanModule module) {
            this.module = Objects.requireNonNull(module, "module");
            this.host = CleanHost.builder(module);
        }

        /** How many instances may exist at once. Default: the number of cores, at least 2. */
        public Builder poolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("poolSize must be at least 1: " + size);
            }
            this.poolSize = size;
            return this;
        }

        /** How many instances to create in {@link #build()}. Default 0. */
        public Builder warmUp(int instances) {
            if (instances < 0) {
                throw new IllegalArgumentException("warmUp must be >= 0: " + instances);
            }
            this.warmUp = instances;
            return this;
        }

        /** Deadline for every guest call and guest task; a guest past it is stopped. Default: none. */
        public Builder deadline(Duration deadline) {
            if (deadline != null && (deadline.isZero() || deadline.isNegative())) {
                throw new IllegalArgumentException("deadline must be positive: " + deadline);
            }
            this.deadline = deadline;
            return this;
        }

        /**
         * How long a call may wait for a free instance, and how many may wait, before failing with
         * {@link CleanBusyException}. Defaults: 30 s, 10 000.
         */
        public Builder queue(Duration acquireTimeout, int maxPendingCalls) {
            this.acquireTimeout = Objects.requireNonNull(acquireTimeout, "acquireTimeout");
            if (maxPendingCalls < 0) {
                throw new IllegalArgumentException("maxPendingCalls must be >= 0: " + maxPendingCalls);
            }
            this.maxPendingCalls = maxPendingCalls;
            return this;
        }

        /**
         * Where guest code runs. Must be a scheduler whose threads may block, such as
         * {@link Schedulers#boundedElastic()} (the default) or one from {@link Schedulers#fromExecutorService}.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Where guest tasks run. Default {@link TaskIsolation#ISOLATED}. */
        public Builder taskIsolation(TaskIsolation isolation) {
            this.isolation = Objects.requireNonNull(isolation, "isolation");
            return this;
        }

        /**
         * Registers a Java async function the guest can start by {@code name} ({@code later u = start
         * db.findUser(42)} or the ID ABI). It receives the guest's JSON arguments as Java values (String,
         * Long, Double, Boolean, List, Map, null) and returns a {@link Publisher}; its first element becomes
         * the future's value (a String as is, anything else as JSON), empty gives {@code ""}. Names resolve
         * to Java functions before guest exports. The Reactor context of the {@link #call} that started it
         * is visible to the publisher.
         */
        public Builder function(String name, Function<List<Object>, ? extends Publisher<?>> function) {
            functions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(function, "function"));
            return this;
        }

        /** Where guest output goes. Default: standard output. */
        public Builder console(GuestConsole console) {
            host.console(console);
            return this;
        }

        /** What answers {@code env.input}. Default: {@link GuestInput#none()} (the guest reads end of input). */
        public Builder input(GuestInput input) {
            host.input(input);
            return this;
        }

        /** See {@link CleanHost.Builder#lenientImports}. Default {@code false}. */
        public Builder lenientImports(boolean lenient) {
            host.lenientImports(lenient);
            return this;
        }

        /** Recycle instances after this many calls or this much memory growth. Defaults: 10 000, 50 MiB. */
        public Builder recycleAfter(long calls, long memoryGrowthBytes) {
            this.maxCallsPerInstance = calls;
            this.maxMemoryGrowthBytes = memoryGrowthBytes;
            return this;
        }

        /**
         * How many futures and tasks may be pending at once; starting one more fails the guest call with
         * {@link CleanBusyException} (a guest spawning tasks without bound is stopped). Default 100 000.
         */
        public Builder maxPendingFutures(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPendingFutures must be at least 1: " + max);
            }
            this.maxPendingFutures = max;
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

        /** See {@link CleanHost.Builder#maxMemoryPages}. Default: the module's own maximum. */
        public Builder maxMemoryPages(int pages) {
            host.maxMemoryPages(pages);
            return this;
        }

        /**
         * Links the module and builds the runtime.
         *
         * @throws org.cleanhost.wasm.CleanLinkException listing every import that cannot be bound
         */
        public CleanRuntime build() {
            if (warmUp > poolSize) {
                throw new IllegalArgumentException("warmUp (" + warmUp + ") exceeds poolSize (" + poolSize + ")");
            }
            return new CleanRuntime(this);
        }
    }
}

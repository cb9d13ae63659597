package org.cleanhost.reactor;

import java.time.Duration;
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
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The options of {@link CleanRuntime.Builder}, which is the only subclass: users see and call them on the
 * builder (their Javadoc is published there), while {@code CleanRuntime.java} keeps the facade. Also wires the
 * runtime's collaborators from the options ({@link #wire()}). Not thread-safe.
 */
abstract class RuntimeOptions {
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

    RuntimeOptions(CleanModule module) {
        this.module = Objects.requireNonNull(module, "module");
        this.host = CleanHost.builder(module);
    }

    /** @param size how many instances may exist at once (default: the number of cores, at least 2) @return this */
    public CleanRuntime.Builder poolSize(int size) {
        this.poolSize = atLeast(1, size, "poolSize");
        return self();
    }

    /** @param instances how many instances {@link CleanRuntime.Builder#build()} creates (default 0) @return this */
    public CleanRuntime.Builder warmUp(int instances) {
        this.warmUp = atLeast(0, instances, "warmUp");
        return self();
    }

    /** @param deadline for every guest call and task; a guest past it is stopped (default: none) @return this */
    public CleanRuntime.Builder deadline(Duration deadline) {
        if (deadline != null && (deadline.isZero() || deadline.isNegative())) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
        this.deadline = deadline;
        return self();
    }

    /**
     * @param acquireTimeout how long a call may wait for a free instance (default 30 s)
     * @param maxPendingCalls how many calls may wait (default 10 000); beyond either, {@code CleanBusyException}
     * @return this
     */
    public CleanRuntime.Builder queue(Duration acquireTimeout, int maxPendingCalls) {
        this.acquireTimeout = Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        this.maxPendingCalls = atLeast(0, maxPendingCalls, "maxPendingCalls");
        return self();
    }

    /** @param scheduler where guest code runs; its threads must be allowed to block (default boundedElastic) @return this */
    public CleanRuntime.Builder scheduler(Scheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return self();
    }

    /** @param isolation where guest tasks run (default {@link TaskIsolation#ISOLATED}) @return this */
    public CleanRuntime.Builder taskIsolation(TaskIsolation isolation) {
        this.isolation = Objects.requireNonNull(isolation, "isolation");
        return self();
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
    public CleanRuntime.Builder function(String name, Function<List<Object>, ? extends Publisher<?>> function) {
        functions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(function, "function"));
        return self();
    }

    /** @param console where guest output goes (default standard output) @return this */
    public CleanRuntime.Builder console(GuestConsole console) {
        host.console(console);
        return self();
    }

    /** @param input what answers {@code env.input} (default {@link GuestInput#none()}) @return this */
    public CleanRuntime.Builder input(GuestInput input) {
        host.input(input);
        return self();
    }

    /** @param lenient see {@link CleanHost.Builder#lenientImports} (default {@code false}) @return this */
    public CleanRuntime.Builder lenientImports(boolean lenient) {
        host.lenientImports(lenient);
        return self();
    }

    /**
     * @param calls recycle an instance after this many calls (default 10 000)
     * @param memoryGrowthBytes or after this much memory growth (default 50 MiB)
     * @return this
     */
    public CleanRuntime.Builder recycleAfter(long calls, long memoryGrowthBytes) {
        this.maxCallsPerInstance = calls;
        this.maxMemoryGrowthBytes = memoryGrowthBytes;
        return self();
    }

    /** @param max futures and tasks pending at once; one more fails the guest call busy (default 100 000) @return this */
    public CleanRuntime.Builder maxPendingFutures(int max) {
        this.maxPendingFutures = atLeast(1, max, "maxPendingFutures");
        return self();
    }

    /**
     * How task arguments and Java function results are converted to and from JSON. Default
     * {@link TaskCodec#defaults()}; the Spring Boot starter passes one backed by the application's JSON mapper.
     *
     * @param codec a thread-safe codec
     * @return this builder
     */
    public CleanRuntime.Builder taskCodec(TaskCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        return self();
    }

    /**
     * @param depth how deep tasks may nest (a task, or a call a Java function makes, started while another
     *     runs is one level deeper); deeper fails with {@link TaskDepthException} (default 32)
     * @return this
     */
    public CleanRuntime.Builder maxTaskDepth(int depth) {
        this.maxTaskDepth = atLeast(1, depth, "maxTaskDepth");
        return self();
    }

    /** @param outcomes each {@link CleanRuntime#taskOutcomes} subscriber's buffer (default 256) @return this */
    public CleanRuntime.Builder outcomeBuffer(int outcomes) {
        this.outcomeBuffer = atLeast(1, outcomes, "outcomeBuffer");
        return self();
    }

    /**
     * @param level where a failed background task is logged, one line, logger {@code CleanRuntime}; {@code null}
     *     logs nothing, e.g. when the application consumes {@link CleanRuntime#taskOutcomes} (default WARN)
     * @return this
     */
    public CleanRuntime.Builder backgroundFailureLogLevel(Level level) {
        this.backgroundFailureLevel = level;
        return self();
    }

    /** @param access which hosts the guest's HTTP client imports may reach (default none) @return this */
    public CleanRuntime.Builder httpAccess(org.cleanhost.wasm.HttpAccess access) {
        host.httpAccess(access);
        return self();
    }

    /** @param pages see {@link CleanHost.Builder#maxMemoryPages} @return this */
    public CleanRuntime.Builder maxMemoryPages(int pages) {
        host.maxMemoryPages(pages);
        return self();
    }

    private CleanRuntime.Builder self() {
        return (CleanRuntime.Builder) this;
    }

    /**
     * Wires the runtime's collaborators from these options; blocks while creating the warm-up instances.
     *
     * @throws org.cleanhost.wasm.CleanLinkException listing every import that cannot be bound
     */
    final RuntimeParts wire() {
        if (warmUp > poolSize) {
            throw new IllegalArgumentException("warmUp (" + warmUp + ") exceeds poolSize (" + poolSize + ")");
        }
        OutcomeSink outcomes = new OutcomeSink(outcomeBuffer, backgroundFailureLevel);
        FutureTable futures = new FutureTable(maxPendingFutures, outcomes);
        InstanceRuns runs = new InstanceRuns(scheduler, poolSize, warmUp, acquireTimeout, maxPendingCalls);
        TaskSettings settings = new TaskSettings(deadline, isolation, maxTaskDepth);
        // Java function publishers are subscribed on threads of their own, never on the guests' (see RuntimeAsyncHost)
        Scheduler functionScheduler = Schedulers.newBoundedElastic(Math.max(4, poolSize), 100_000, "clean-functions", 60, true);
        RuntimeAsyncHost asyncHost = new RuntimeAsyncHost(module, Map.copyOf(functions), codec, settings, futures, runs,
                functionScheduler);
        try {
            runs.open(new InstanceLifecycle(host.asyncHost(asyncHost).build(), maxCallsPerInstance, maxMemoryGrowthBytes));
        } catch (RuntimeException | Error e) {
            functionScheduler.dispose(); // a runtime that failed to build leaves no thread behind
            throw e;
        }
        return new RuntimeParts(module, settings, runs, futures, asyncHost, outcomes, functionScheduler);
    }

    private static int atLeast(int min, int value, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
        }
        return value;
    }
}

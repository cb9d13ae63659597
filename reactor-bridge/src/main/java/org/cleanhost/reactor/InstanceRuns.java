package org.cleanhost.reactor;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.cleanhost.wasm.CleanBusyException;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanInstance;
import org.cleanhost.wasm.InstanceLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.pool.InstrumentedPool;
import reactor.pool.PoolAcquirePendingLimitException;
import reactor.pool.PoolAcquireTimeoutException;
import reactor.pool.PoolBuilder;
import reactor.pool.PoolShutdownException;
import reactor.pool.PooledRef;

/**
 * The runtime's instances and the guest runs that use them: a non-blocking reactor-pool over the
 * {@link InstanceLifecycle}, the scheduler guest code runs on, and the accounting of every {@link GuestRun}
 * from start to delivery, so that closing the runtime can stop each one with a typed error.
 *
 * <p>Thread-safe; nothing here blocks except {@link #warmUp}.
 */
final class InstanceRuns {
    private static final Logger LOG = LoggerFactory.getLogger(CleanRuntime.class);

    private final Scheduler scheduler;
    private final int poolSize;
    private final int warmUp;
    private final Duration acquireTimeout;
    private final int maxPendingCalls;
    private final AtomicInteger active = new AtomicInteger();
    private final Set<GuestRun> live = ConcurrentHashMap.newKeySet();
    private volatile CleanException closed;
    private volatile CleanException draining;
    // Set once by open(), before the runtime is published (the host the lifecycle instantiates needs the async
    // host, which needs these runs).
    private InstanceLifecycle lifecycle;
    private InstrumentedPool<CleanInstance> pool;

    InstanceRuns(Scheduler scheduler, int poolSize, int warmUp, Duration acquireTimeout, int maxPendingCalls) {
        this.scheduler = scheduler;
        this.poolSize = poolSize;
        this.warmUp = warmUp;
        this.acquireTimeout = acquireTimeout;
        this.maxPendingCalls = maxPendingCalls;
    }

    /** Builds the pool over {@code instances}; blocks while creating the warm-up instances. Called once. */
    void open(InstanceLifecycle instances) {
        this.lifecycle = instances;
        this.pool = PoolBuilder.from(Mono.fromCallable(this::createInstance).subscribeOn(scheduler))
                .sizeBetween(warmUp, poolSize)
                .maxPendingAcquire(maxPendingCalls)
                .releaseHandler(instance -> Mono.fromRunnable(() -> lifecycle.reset(instance)))
                .destroyHandler(instance -> Mono.fromRunnable(() -> lifecycle.discard(instance)))
                .evictionPredicate((instance, metadata) -> !lifecycle.isReusable(instance))
                .buildPool();
        if (warmUp > 0) {
            pool.warmup().block();
        }
    }

    /** An instance, typed whatever goes wrong: the pool's worker must never die of a guest's memory demands. */
    private CleanInstance createInstance() {
        try {
            return lifecycle.create();
        } catch (Throwable e) {
            throw Failures.typed("creating an instance of the module", e);
        }
    }

    /** A run starts counting as active; returns the reason it must not run if the runtime is closed, else {@code null}. */
    CleanException register(GuestRun run) {
        active.incrementAndGet();
        live.add(run);
        return closed;
    }

    /** A run has ended, before its outcome is delivered. */
    void unregister(GuestRun run) {
        live.remove(run);
        active.decrementAndGet();
    }

    Mono<PooledRef<CleanInstance>> acquire() {
        return pool.acquire(acquireTimeout);
    }

    void release(PooledRef<CleanInstance> ref) {
        boolean keep = closed == null && lifecycle.isReusable(ref.poolable());
        (keep ? ref.release() : ref.invalidate())
                .subscribe(null, e -> LOG.warn("returning instance {} to the pool failed", ref.poolable(), e));
    }

    CleanException mapAcquireError(Throwable error) {
        if (error instanceof PoolAcquireTimeoutException) {
            return new CleanBusyException(poolSize, acquireTimeout);
        }
        if (error instanceof PoolAcquirePendingLimitException) {
            return new CleanBusyException("all " + poolSize + " pooled instances are busy and " + maxPendingCalls
                    + " calls already wait for one (the queue's limit): refused without waiting");
        }
        if (error instanceof PoolShutdownException) {
            CleanException reason = closed;
            return reason != null ? reason : new RuntimeDisposedException("the runtime's instance pool is shut down");
        }
        return Failures.typed("acquiring an instance", error);
    }

    CleanException schedulerRejected(RuntimeException rejected) {
        CleanException reason = closed;
        if (reason != null) {
            return reason;
        }
        CleanBusyException busy = new CleanBusyException("the runtime's scheduler refused the work: " + rejected.getMessage());
        busy.initCause(rejected);
        return busy;
    }

    /**
     * Whether every instance is lent out, so work waiting for one may never get one while its awaiter holds
     * one. An instance still being created for a waiting task does not count as lent.
     */
    boolean poolExhausted() {
        InstrumentedPool.PoolMetrics metrics = pool.metrics();
        return metrics.acquiredSize() >= metrics.getMaxAllocatedSize();
    }

    Scheduler scheduler() {
        return scheduler;
    }

    int active() {
        return active.get();
    }

    int idleInstances() {
        return pool.metrics().idleSize();
    }

    int instancesInUse() {
        return pool.metrics().acquiredSize();
    }

    int pendingAcquires() {
        return pool.metrics().pendingAcquireSize();
    }

    long instancesCreated() {
        return lifecycle.created();
    }

    long instancesDiscarded() {
        return lifecycle.discarded();
    }

    /** Why new work is refused, or {@code null} while open. */
    CleanException closedReason() {
        return closed;
    }

    /**
     * Why a new call is refused, or {@code null}: when closed, every call; while draining for a graceful close,
     * calls from Java, but not those Java functions make for guest work still in flight ({@code nested}).
     */
    CleanException refusesCall(boolean nested) {
        CleanException reason = closed;
        return reason != null || nested ? reason : draining;
    }

    /** Refuses new calls from Java with {@code reason}; running work, and the tasks it starts, go on. */
    void drain(CleanException reason) {
        draining = reason;
    }

    /**
     * Stops everything without waiting: queued runs fail with {@code reason}, running ones are interrupted and
     * fail with it, the pool is closed and instances are discarded as they come back.
     */
    void close(CleanException reason) {
        closed = reason;
        for (GuestRun run : live) { // queued runs first: an instance freed by a stopped run must find no taker
            if (!run.isStarted()) {
                run.abort(reason);
            }
        }
        for (GuestRun run : live) {
            run.abort(reason);
        }
        pool.disposeLater().subscribe(null, e -> LOG.warn("closing the instance pool failed", e));
    }
}

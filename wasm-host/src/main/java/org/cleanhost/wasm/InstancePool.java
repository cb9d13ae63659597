package org.cleanhost.wasm;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A bounded, blocking pool of instances for plain Java callers (the reactor-bridge uses a non-blocking
 * pool over the same {@link InstanceLifecycle}). At most {@code maxSize} instances exist; an instance is
 * handed to one caller at a time; instances that break or reach their recycle limits are discarded on
 * return and replaced lazily by the next acquire.
 *
 * <p>Thread-safe. {@link #acquire} blocks while waiting and while instantiating.
 */
public final class InstancePool implements AutoCloseable {
    private final InstanceLifecycle lifecycle;
    private final int maxSize;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<CleanInstance> idle = new ConcurrentLinkedDeque<>();
    private final java.util.Set<CleanInstance> lent = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param maxSize how many instances may exist at once
     * @param warmUp how many instances to create now rather than on first use (at most {@code maxSize})
     */
    public InstancePool(InstanceLifecycle lifecycle, int maxSize, int warmUp) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        if (maxSize < 1 || warmUp < 0 || warmUp > maxSize) {
            throw new IllegalArgumentException("need maxSize >= 1 and 0 <= warmUp <= maxSize, got " + maxSize + ", " + warmUp);
        }
        this.maxSize = maxSize;
        this.permits = new Semaphore(maxSize, true);
        for (int i = 0; i < warmUp; i++) {
            idle.push(lifecycle.create());
        }
    }

    /**
     * Takes an instance, creating one if none is idle, waiting up to {@code timeout} while all
     * {@code maxSize} are in use. Give it back with {@link #release}.
     *
     * @throws CleanBusyException when none became free in time
     * @throws CleanInterruptedException when interrupted while waiting (the flag stays set)
     * @throws IllegalStateException when the pool is closed
     */
    public CleanInstance acquire(Duration timeout) {
        checkOpen();
        try {
            if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new CleanBusyException(maxSize, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CleanInterruptedException("(waiting for a pooled instance)");
        }
        try {
            checkOpen();
            CleanInstance instance = idle.poll();
            if (instance == null) {
                instance = lifecycle.create();
            }
            lent.add(instance);
            return instance;
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /**
     * Returns an instance taken with {@link #acquire}; it is reset for reuse or discarded.
     *
     * @throws IllegalStateException when {@code instance} is not currently lent out by this pool
     */
    public void release(CleanInstance instance) {
        if (!lent.remove(instance)) {
            throw new IllegalStateException(instance + " is not lent out by this pool (released twice?)");
        }
        try {
            if (!closed && lifecycle.isReusable(instance)) {
                lifecycle.reset(instance);
                idle.push(instance);
            } else {
                lifecycle.discard(instance);
            }
        } finally {
            permits.release();
        }
    }

    /** Runs {@code work} on a pooled instance and returns it to the pool afterwards, whatever happens. */
    public <R> R withInstance(Duration timeout, Function<CleanInstance, R> work) {
        CleanInstance instance = acquire(timeout);
        try {
            return work.apply(instance);
        } finally {
            release(instance);
        }
    }

    public PoolStats stats() {
        int idleCount = idle.size();
        int inUse = maxSize - permits.availablePermits();
        return new PoolStats(idleCount, Math.max(0, inUse), lifecycle.created(), lifecycle.discarded());
    }

    public int maxSize() {
        return maxSize;
    }

    /** Discards idle instances and refuses new acquires; instances in use are discarded when released. */
    @Override
    public void close() {
        closed = true;
        CleanInstance instance;
        while ((instance = idle.poll()) != null) {
            lifecycle.discard(instance);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("instance pool is closed");
        }
    }
}

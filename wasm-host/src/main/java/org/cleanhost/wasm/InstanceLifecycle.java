package org.cleanhost.wasm;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What happens to a pooled instance over its life, independent of how callers queue for one:
 * create, check whether it may be reused, reset, discard. {@link InstancePool} puts a blocking queue in
 * front of it; the reactor-bridge puts a non-blocking reactor-pool in front of the same lifecycle.
 *
 * <p>Thread-safe. {@link #create()} blocks while instantiating.
 */
public final class InstanceLifecycle {
    private final CleanHost host;
    private final long maxCallsPerInstance;
    private final long maxMemoryGrowthBytes;
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();

    /**
     * @param maxCallsPerInstance recycle an instance after this many calls
     * @param maxMemoryGrowthBytes recycle an instance whose memory grew by more than this (the Node host uses 50 MB)
     */
    public InstanceLifecycle(CleanHost host, long maxCallsPerInstance, long maxMemoryGrowthBytes) {
        this.host = Objects.requireNonNull(host, "host");
        if (maxCallsPerInstance < 1 || maxMemoryGrowthBytes < 0) {
            throw new IllegalArgumentException("maxCallsPerInstance must be >= 1 and maxMemoryGrowthBytes >= 0");
        }
        this.maxCallsPerInstance = maxCallsPerInstance;
        this.maxMemoryGrowthBytes = maxMemoryGrowthBytes;
    }

    /**
     * Recycles after 10 000 calls or 50 MiB of memory growth. Clean's Node host recycles after 1000 calls;
     * this host rewinds the heap after every call, so an instance lasts longer before it is worth replacing
     * (replacing one costs tens of microseconds for a real Clean module: see {@link CleanHost}).
     */
    public static InstanceLifecycle withDefaults(CleanHost host) {
        return new InstanceLifecycle(host, DEFAULT_MAX_CALLS, DEFAULT_MAX_MEMORY_GROWTH);
    }

    /** The default number of calls after which an instance is recycled. */
    public static final long DEFAULT_MAX_CALLS = 10_000;
    /** The default memory growth, in bytes, after which an instance is recycled. */
    public static final long DEFAULT_MAX_MEMORY_GROWTH = 50L << 20;

    /** Instantiates a new instance. Blocks for the instantiation. */
    public CleanInstance create() {
        CleanInstance instance = host.newInstance();
        created.incrementAndGet();
        return instance;
    }

    /** Whether {@code instance} may serve another call: not broken and within the recycle limits. */
    public boolean isReusable(CleanInstance instance) {
        return !instance.isBroken()
                && instance.callCount() < maxCallsPerInstance
                && instance.memoryGrowthBytes() <= maxMemoryGrowthBytes;
    }

    /**
     * Prepares a reusable instance for its next user. Heap memory is already rewound after every call
     * (scope_push/scope_pop), so there is nothing to undo today; the hook exists so pools call it.
     */
    public void reset(CleanInstance instance) {
        // Intentionally empty: see the Javadoc. Module-level guest state persists across calls by design.
    }

    /** Forgets {@code instance}; it must not be used again. */
    public void discard(CleanInstance instance) {
        instance.markBroken("discarded by its pool");
        discarded.incrementAndGet();
    }

    public CleanHost host() {
        return host;
    }

    public long created() {
        return created.get();
    }

    public long discarded() {
        return discarded.get();
    }
}

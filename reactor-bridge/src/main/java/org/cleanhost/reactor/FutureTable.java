package org.cleanhost.reactor;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.cleanhost.wasm.AsyncHost;

/**
 * Every live future by id, plus the counts metrics and deadlock detection read. Ids are positive 31-bit
 * integers handed out in sequence, so an id is reused only after 2^31 allocations and never while live.
 *
 * <p>Most futures live briefly, so a future is kept in a direct-indexed ring ({@code id & mask}): create,
 * find and remove are one array access or CAS each, no boxing, no node allocation. A future whose ring
 * slot is still held by an older, long-lived one goes to an overflow map instead.
 */
final class FutureTable {
    private static final int RING_SIZE = 4096; // a power of two
    private static final int MASK = RING_SIZE - 1;

    private final AtomicReferenceArray<GuestFuture> ring = new AtomicReferenceArray<>(RING_SIZE);
    private final ConcurrentHashMap<Integer, GuestFuture> overflow = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final CleanRuntime runtime;
    final LongAdder created = new LongAdder();
    final LongAdder resolved = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder cancelled = new LongAdder();
    /** Futures that some running work (a guest task or a Java function) will settle or whose outcome is not yet published. */
    final AtomicInteger workInFlight = new AtomicInteger();
    final AtomicInteger pending = new AtomicInteger();

    FutureTable(CleanRuntime runtime) {
        this.runtime = runtime;
    }

    /** A new pending future; {@code owner} is the call that may await it, or {@code null} (background). */
    GuestFuture create(String where, String task, TaskOutcome.Kind kind, CallContext owner) {
        if (pending.get() >= runtime.maxPendingFutures()) {
            throw new org.cleanhost.wasm.CleanBusyException(where + ": " + pending.get()
                    + " futures are already pending (the runtime's maxPendingFutures); is a task spawning tasks without bound?");
        }
        long startNanos = runtime.outcomesWanted() ? System.nanoTime() : 0;
        while (true) {
            int id = nextId.incrementAndGet() & Integer.MAX_VALUE;
            if (id == 0) {
                continue;
            }
            GuestFuture future = new GuestFuture(this, id, task, kind, owner, startNanos);
            if (ring.compareAndSet(id & MASK, null, future) || overflow.putIfAbsent(id, future) == null) {
                created.increment();
                pending.incrementAndGet();
                if (kind != TaskOutcome.Kind.GUEST_OWNED) {
                    workInFlight.incrementAndGet();
                }
                return future;
            }
        }
    }

    /** The live future with {@code id}, or {@code null}. */
    GuestFuture find(long id) {
        if (id <= 0 || id > Integer.MAX_VALUE) {
            return null;
        }
        GuestFuture inRing = ring.get((int) id & MASK);
        if (inRing != null && inRing.id == id) {
            return inRing;
        }
        return overflow.isEmpty() ? null : overflow.get((int) id);
    }

    GuestFuture require(String where, long id) {
        GuestFuture future = find(id);
        if (future == null || future.isReleased()) {
            throw new UnknownFutureException(where, id);
        }
        return future;
    }

    /** The guest is done with the id; it is forgotten now if settled, else when it settles. */
    void release(GuestFuture future) {
        if (future.release()) {
            forget(future);
        }
    }

    private void forget(GuestFuture future) {
        if (!ring.compareAndSet(future.id & MASK, future, null)) {
            overflow.remove(future.id, future);
        }
    }

    /** Called once by {@link GuestFuture} while it settles, before waiters wake: the counts. */
    void count(GuestFuture future) {
        pending.decrementAndGet();
        int state = future.state();
        if (state == AsyncHost.RESOLVED) {
            resolved.increment();
        } else if (state == AsyncHost.FAILED) {
            failed.increment();
        } else {
            cancelled.increment();
        }
    }

    /**
     * Called once by {@link GuestFuture} after it settled: forget a released id, publish the outcome. The
     * work ends only after its outcome is published, so {@link CleanRuntime#whenIdle()} never completes
     * before the outcome subscribers (metrics) saw it.
     */
    void settled(GuestFuture future) {
        if (future.isReleased()) {
            forget(future);
        }
        boolean failedInBackground = future.state() != AsyncHost.RESOLVED && future.kind == TaskOutcome.Kind.BACKGROUND;
        if (failedInBackground || runtime.outcomesWanted()) {
            runtime.publish(new TaskOutcome(future.id, future.task, future.kind, future.value(), future.failure(),
                    future.startNanos == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - future.startNanos)));
        }
        if (future.kind != TaskOutcome.Kind.GUEST_OWNED) {
            workInFlight.decrementAndGet();
        }
    }

    /** Every live future (weakly consistent: futures created or forgotten meanwhile may or may not be seen). */
    void forEach(Consumer<GuestFuture> action) {
        for (int i = 0; i < RING_SIZE; i++) {
            GuestFuture future = ring.get(i);
            if (future != null) {
                action.accept(future);
            }
        }
        overflow.values().forEach(action);
    }

    /** The call failed or was cancelled: cancel and forget what only it could have awaited or settled. */
    void abandonOwnedBy(CallContext owner) {
        if (owner.ownsFutures()) {
            forEach(future -> {
                if (future.owner == owner) {
                    future.abandon();
                }
            });
        }
    }

    /** How many ids the table holds (scans the ring: for stats, not hot paths). */
    int size() {
        int[] count = {0};
        forEach(future -> count[0]++);
        return count[0];
    }
}

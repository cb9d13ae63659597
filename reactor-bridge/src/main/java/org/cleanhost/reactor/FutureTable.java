package org.cleanhost.reactor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.cleanhost.wasm.CleanBusyException;
import org.cleanhost.wasm.CleanException;
import reactor.core.Disposable;

/**
 * The one owner of every future id's life: create, settle (resolve, fail, cancel), release, abandon; plus
 * the counts that metrics and deadlock detection read. Ids are positive 31-bit integers handed out in
 * sequence, so an id is reused only after 2^31 allocations and never while live.
 *
 * <p>Most futures live briefly, so a future is kept in a direct-indexed ring ({@code id & mask}): create,
 * find and remove are one array access or CAS each, no boxing, no node allocation. A future whose ring
 * slot is still held by an older, long-lived one goes to an overflow map instead.
 *
 * <p>Thread-safe; never blocks.
 */
final class FutureTable {
    private static final int RING_SIZE = 4096; // a power of two
    private static final int MASK = RING_SIZE - 1;

    private final AtomicReferenceArray<GuestFuture> ring = new AtomicReferenceArray<>(RING_SIZE);
    private final ConcurrentHashMap<Integer, GuestFuture> overflow = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final int maxPending;
    private final OutcomeSink outcomes;
    private final LongAdder created = new LongAdder();
    private final LongAdder resolved = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    /** Futures that running work (a guest task or a Java function) will settle, or whose outcome is not yet published. */
    private final AtomicInteger workInFlight = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();

    FutureTable(int maxPending, OutcomeSink outcomes) {
        this.maxPending = maxPending;
        this.outcomes = outcomes;
    }

    /** A new pending future; {@code owner} is the call that may await it, or {@code null} (background). */
    GuestFuture create(String where, String task, TaskOutcome.Kind kind, CallContext owner) {
        if (pending.get() >= maxPending) {
            throw new CleanBusyException(where + ": " + pending.get()
                    + " futures are already pending (the runtime's maxPendingFutures); is a task spawning tasks without bound?");
        }
        while (true) {
            int id = nextId.incrementAndGet() & Integer.MAX_VALUE;
            if (id == 0) {
                continue;
            }
            GuestFuture future = new GuestFuture(id, task, kind, owner);
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
        if (inRing != null && inRing.id() == id) {
            return inRing;
        }
        return overflow.isEmpty() ? null : overflow.get((int) id);
    }

    /** The live, unreleased future with {@code id}; else {@link UnknownFutureException} naming {@code where}. */
    GuestFuture require(String where, long id) {
        GuestFuture future = find(id);
        if (future == null || future.isReleased()) {
            throw new UnknownFutureException(where, id);
        }
        return future;
    }

    boolean resolve(GuestFuture future, String value) {
        return settle(future, GuestFuture.State.RESOLVED, value, null);
    }

    boolean fail(GuestFuture future, Throwable error) {
        return settle(future, GuestFuture.State.FAILED, null, error);
    }

    /** Cancels a pending future and disposes its work (interrupting guest code, cancelling Java subscriptions). */
    boolean cancel(GuestFuture future) {
        return cancel(future, new CleanCancelledException(future.id(), future.task()));
    }

    private boolean cancel(GuestFuture future, CleanException reason) {
        return settle(future, GuestFuture.State.CANCELLED, null, reason);
    }

    private boolean settle(GuestFuture future, GuestFuture.State state, String value, Throwable error) {
        Disposable work = state == GuestFuture.State.CANCELLED ? future.work() : null;
        Object listeners = future.settle(state, value, error, this);
        if (listeners == GuestFuture.NOT_PENDING) {
            return false;
        }
        try {
            settled(future);
        } finally {
            future.notifyListeners(listeners);
        }
        if (work != null) {
            work.dispose();
        }
        return true;
    }

    /** The guest is done with the id; it is forgotten now if settled, else when it settles. */
    void release(GuestFuture future) {
        if (future.markReleased()) {
            forget(future);
        }
    }

    /** Cancels the future and forgets its id: its owner is gone and nothing else can settle it. */
    void abandon(GuestFuture future) {
        cancel(future);
        release(future);
    }

    /** The call failed or was cancelled: cancel and forget what only it could have awaited or settled. */
    void abandonOwnedBy(CallContext owner) {
        if (owner.ownsFutures()) {
            forEach(future -> {
                if (future.owner() == owner) {
                    abandon(future);
                }
            });
        }
    }

    /** The runtime is going away: every pending future is cancelled with {@code reason} and its work disposed. */
    void cancelAll(CleanException reason) {
        forEach(future -> cancel(future, reason));
    }

    private void forget(GuestFuture future) {
        if (!ring.compareAndSet(future.id() & MASK, future, null)) {
            overflow.remove(future.id(), future);
        }
    }

    /** Called by {@link GuestFuture#settle} under the future's lock, before any waiter wakes. */
    void count(GuestFuture.State state) {
        pending.decrementAndGet();
        if (state == GuestFuture.State.RESOLVED) {
            resolved.increment();
        } else if (state == GuestFuture.State.FAILED) {
            failed.increment();
        } else {
            cancelled.increment();
        }
    }

    /**
     * After settling: forget a released id, publish the outcome. The work ends only after its outcome is
     * published, so {@link CleanRuntime#whenIdle()} never completes before outcome subscribers saw it.
     */
    private void settled(GuestFuture future) {
        if (future.isReleased()) {
            forget(future);
        }
        try {
            outcomes.publish(future);
        } finally {
            if (future.kind() != TaskOutcome.Kind.GUEST_OWNED) {
                workInFlight.decrementAndGet();
            }
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

    /** How many ids the table holds (scans the ring: for stats, not hot paths). */
    int size() {
        int[] count = {0};
        forEach(future -> count[0]++);
        return count[0];
    }

    int workInFlight() {
        return workInFlight.get();
    }

    int pending() {
        return pending.get();
    }

    long created() {
        return created.sum();
    }

    long resolved() {
        return resolved.sum();
    }

    long failed() {
        return failed.sum();
    }

    long cancelled() {
        return cancelled.sum();
    }
}

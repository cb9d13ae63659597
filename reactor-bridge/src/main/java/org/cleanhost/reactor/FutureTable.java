package org.cleanhost.reactor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.cleanhost.wasm.CleanBusyException;
import org.cleanhost.wasm.CleanException;
import reactor.core.Disposable;

/**
 * The one owner of every future id's life: create, settle (resolve, fail, cancel), release, abandon; plus
 * the counts that metrics and deadlock detection read. Ids are positive 31-bit integers handed out in
 * sequence (to guest calls in blocks, see {@link Lease}), so an id is reused only after 2^31 allocations and
 * never while live.
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
    /** Ids are drawn from here one at a time, or a {@link Lease} at a time by guest calls. */
    private final AtomicLong idsDrawn = new AtomicLong();
    private final LongAdder created = new LongAdder();
    private final int maxPending;
    private final OutcomeSink outcomes;
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
        checkCapacity(where);
        while (true) {
            GuestFuture future = new GuestFuture(drawId(), task, kind, owner);
            if (insert(future)) {
                created.increment();
                pending.incrementAndGet();
                if (kind != TaskOutcome.Kind.GUEST_OWNED) {
                    workInFlight.incrementAndGet();
                }
                return future;
            }
        }
    }

    /**
     * A new future, already resolved with {@code value}: a Java function returned a value that was already
     * there. It is never pending, so it skips the settle path; its outcome is published at once. Created from
     * a guest call ({@code creator}), it takes its id from that call's {@link Lease} and is counted when the
     * lease is {@link #returnLease returned}: no atomic counter is touched per future.
     */
    GuestFuture createResolved(String where, String task, TaskOutcome.Kind kind, CallContext owner, CallContext creator,
            String value) {
        checkCapacity(where);
        Lease lease = creator == null ? null : leaseOf(creator);
        while (true) {
            GuestFuture future = new GuestFuture(lease == null ? drawId() : lease.nextId(), task, kind, owner, value);
            if (insert(future)) {
                if (lease == null) {
                    created.increment();
                    resolved.increment();
                } else {
                    lease.resolvedUncounted++;
                }
                outcomes.publish(future);
                return future;
            }
        }
    }

    /**
     * Ids a guest call draws {@value Lease#SIZE} at a time, and the futures it resolved at creation but has not
     * counted yet. Used on the call's own thread only; counted into the table when a block is used up and when
     * the call ends ({@link #returnLease}), so stats may lag a running call by up to {@value Lease#SIZE}
     * such futures (created and resolved alike, so they stay consistent).
     */
    static final class Lease {
        static final int SIZE = 64;

        private final FutureTable table;
        private long next;
        private int left;
        private int resolvedUncounted;

        private Lease(FutureTable table) {
            this.table = table;
        }

        private int nextId() {
            while (true) {
                if (left == 0) {
                    table.count(this);
                    next = table.idsDrawn.getAndAdd(SIZE) + 1;
                    left = SIZE;
                }
                left--;
                int id = (int) next++ & Integer.MAX_VALUE;
                if (id != 0) {
                    return id;
                }
            }
        }
    }

    private Lease leaseOf(CallContext creator) {
        Lease lease = creator.futureIds();
        if (lease == null || lease.table != this) { // a context is entered by runs of one runtime only; be sure
            if (lease != null) {
                lease.table.count(lease);
            }
            lease = new Lease(this);
            creator.futureIds(lease);
        }
        return lease;
    }

    /** The call is over: counts what its lease has not counted yet. */
    void returnLease(CallContext creator) {
        Lease lease = creator.futureIds();
        if (lease != null && lease.table == this) {
            count(lease);
        }
    }

    private void count(Lease lease) {
        if (lease.resolvedUncounted > 0) {
            created.add(lease.resolvedUncounted);
            resolved.add(lease.resolvedUncounted);
            lease.resolvedUncounted = 0;
        }
    }

    /** Throws {@link CleanBusyException} when {@code maxPendingFutures} futures are pending already. */
    void checkCapacity(String where) {
        if (pending.get() >= maxPending) {
            throw new CleanBusyException(where + ": " + pending.get()
                    + " futures are already pending (the runtime's maxPendingFutures); is a task spawning tasks without bound?");
        }
    }

    private int drawId() {
        while (true) {
            int id = (int) idsDrawn.incrementAndGet() & Integer.MAX_VALUE;
            if (id != 0) {
                return id;
            }
        }
    }

    /** Takes the id's ring slot if it is free or holds a forgotten future, else goes to the overflow map. */
    private boolean insert(GuestFuture future) {
        int id = future.id();
        int slot = id & MASK;
        GuestFuture old = ring.get(slot);
        return (old == null || old.isForgotten()) && ring.compareAndSet(slot, old, future)
                || overflow.putIfAbsent(id, future) == null;
    }

    /** The live future with {@code id}, or {@code null}. */
    GuestFuture find(long id) {
        if (id <= 0 || id > Integer.MAX_VALUE) {
            return null;
        }
        GuestFuture inRing = ring.get((int) id & MASK);
        if (inRing != null && inRing.id() == id && !inRing.isForgotten()) {
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

    /**
     * A released, settled future is forgotten: {@link GuestFuture#isForgotten()} says so from now on. In the
     * ring it stays until its slot is taken (saving a CAS per future; the ring holds at most {@value #RING_SIZE}
     * such, their owners already dropped); in the overflow map it is removed.
     */
    private void forget(GuestFuture future) {
        future.dropOwner();
        if (ring.get(future.id() & MASK) != future) {
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
            if (future != null && !future.isForgotten()) {
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

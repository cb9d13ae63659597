package org.cleanhost.reactor;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.cleanhost.wasm.AsyncHost;

/**
 * Every live future by id, plus the counts metrics and deadlock detection read. Ids are positive
 * 31-bit integers, reused only after 2^31 allocations and never while still in the table.
 */
final class FutureTable {
    private final ConcurrentHashMap<Integer, GuestFuture> byId = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final CleanRuntime runtime;
    final LongAdder created = new LongAdder();
    final LongAdder resolved = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder cancelled = new LongAdder();
    /** Pending futures that some running work (a guest task or a Java function) will settle. */
    final AtomicInteger workInFlight = new AtomicInteger();
    final AtomicInteger pending = new AtomicInteger();

    FutureTable(CleanRuntime runtime) {
        this.runtime = runtime;
    }

    GuestFuture create(String where, String task, TaskOutcome.Kind kind) {
        if (pending.get() >= runtime.maxPendingFutures()) {
            throw new org.cleanhost.wasm.CleanBusyException(where + ": " + pending.get()
                    + " futures are already pending (the runtime's maxPendingFutures); is a task spawning tasks without bound?");
        }
        while (true) {
            int id = nextId.incrementAndGet() & Integer.MAX_VALUE;
            if (id == 0) {
                continue;
            }
            GuestFuture future = new GuestFuture(this, id, task, kind, runtime.outcomesWanted() ? System.nanoTime() : 0);
            if (byId.putIfAbsent(id, future) == null) {
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
        return id <= 0 || id > Integer.MAX_VALUE ? null : byId.get((int) id);
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
            byId.remove(future.id, future);
        }
    }

    /** Called once by {@link GuestFuture} while it settles, before waiters wake: the counts. */
    void count(GuestFuture future) {
        pending.decrementAndGet();
        if (future.kind != TaskOutcome.Kind.GUEST_OWNED) {
            workInFlight.decrementAndGet();
        }
        int state = future.state();
        if (state == AsyncHost.RESOLVED) {
            resolved.increment();
        } else if (state == AsyncHost.FAILED) {
            failed.increment();
        } else {
            cancelled.increment();
        }
    }

    /** Called once by {@link GuestFuture} after it settled: forget a released id, publish the outcome. */
    void settled(GuestFuture future) {
        if (future.isReleased()) {
            byId.remove(future.id, future);
        }
        boolean failedInBackground = future.state() != AsyncHost.RESOLVED && future.kind == TaskOutcome.Kind.BACKGROUND;
        if (failedInBackground || runtime.outcomesWanted()) {
            runtime.publish(new TaskOutcome(future.id, future.task, future.kind, future.value(), future.failure(),
                    future.startNanos == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - future.startNanos)));
        }
    }

    void forEachPending(java.util.function.Consumer<GuestFuture> action) {
        for (GuestFuture future : byId.values()) {
            if (future.state() == AsyncHost.PENDING) {
                action.accept(future);
            }
        }
    }

    int size() {
        return byId.size();
    }
}

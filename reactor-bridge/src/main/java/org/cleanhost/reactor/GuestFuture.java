package org.cleanhost.reactor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cleanhost.wasm.AsyncHost;
import org.cleanhost.wasm.CleanInterruptedException;
import reactor.core.Disposable;

/**
 * One future or task the guest started: its state, outcome, the work that will settle it, and the
 * subscribers waiting for it. Settles exactly once; the outcome is kept, so late subscribers replay it.
 * Kept small (a few fields, no sink objects) because a runtime may hold many pending futures.
 */
final class GuestFuture {
    /** Settlement notifications for subscribers; called outside the lock, exactly once. */
    interface Listener {
        void settled(GuestFuture future);
    }

    final int id;
    final String task;
    final TaskOutcome.Kind kind;
    final long startNanos = System.nanoTime();
    private final FutureTable table;

    // Guarded by this.
    private int state = AsyncHost.PENDING;
    private String value;
    private Throwable error;
    private Object listeners; // null, one Listener, or a List<Listener>
    private Disposable work;
    private boolean released;

    GuestFuture(FutureTable table, int id, String task, TaskOutcome.Kind kind) {
        this.table = table;
        this.id = id;
        this.task = task;
        this.kind = kind;
    }

    synchronized int state() {
        return state;
    }

    synchronized String value() {
        return value;
    }

    synchronized Throwable error() {
        return error;
    }

    /** The work that will settle this future while it is pending, else {@code null}. */
    synchronized Disposable work() {
        return work;
    }

    /** Sets what {@link #cancel} disposes; disposes it at once if the future already settled. */
    void attach(Disposable work) {
        boolean settled;
        synchronized (this) {
            settled = state != AsyncHost.PENDING;
            if (!settled) {
                this.work = work;
            }
        }
        if (settled) {
            work.dispose();
        }
    }

    boolean resolve(String result) {
        return settle(AsyncHost.RESOLVED, result, null);
    }

    boolean fail(Throwable failure) {
        return settle(AsyncHost.FAILED, null, failure);
    }

    /** Cancels a pending future and disposes its work (interrupting guest code, cancelling Java subscriptions). */
    boolean cancel() {
        Disposable toDispose;
        synchronized (this) {
            toDispose = state == AsyncHost.PENDING ? work : null;
        }
        boolean cancelled = settle(AsyncHost.CANCELLED, null, new CleanCancelledException(id, task));
        if (cancelled && toDispose != null) {
            toDispose.dispose();
        }
        return cancelled;
    }

    /** Cancels the future and forgets its id: its owner is gone and nothing else can settle it. */
    void abandon() {
        cancel();
        table.release(this);
    }

    private boolean settle(int newState, String newValue, Throwable newError) {
        Object toNotify;
        synchronized (this) {
            if (state != AsyncHost.PENDING) {
                return false;
            }
            state = newState;
            value = newValue;
            error = newError;
            work = null;
            toNotify = listeners;
            listeners = null;
            table.count(this); // before any waiter wakes, so stats never lag a completed await
            notifyAll();
        }
        table.settled(this);
        if (toNotify instanceof Listener) {
            ((Listener) toNotify).settled(this);
        } else if (toNotify != null) {
            @SuppressWarnings("unchecked")
            List<Listener> all = (List<Listener>) toNotify;
            for (Listener l : all) {
                l.settled(this);
            }
        }
        return true;
    }

    /** Registers {@code listener}; if already settled, notifies it at once on this thread. */
    void listen(Listener listener) {
        synchronized (this) {
            if (state == AsyncHost.PENDING) {
                if (listeners == null) {
                    listeners = listener;
                } else if (listeners instanceof Listener) {
                    List<Listener> all = new ArrayList<>(2);
                    all.add((Listener) listeners);
                    all.add(listener);
                    listeners = all;
                } else {
                    @SuppressWarnings("unchecked")
                    List<Listener> all = (List<Listener>) listeners;
                    all.add(listener);
                }
                return;
            }
        }
        listener.settled(this);
    }

    synchronized void unlisten(Listener listener) {
        if (listeners == listener) {
            listeners = null;
        } else if (listeners instanceof List) {
            ((List<?>) listeners).remove(listener);
        }
    }

    /**
     * Blocks until settled or {@code maxWaitNanos} passed; returns the state. Interruptible: an interrupt
     * (deadline or cancellation of the waiting guest call) ends the wait with {@link CleanInterruptedException}.
     */
    synchronized int awaitSettled(long maxWaitNanos) {
        long deadline = System.nanoTime() + maxWaitNanos;
        while (state == AsyncHost.PENDING) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CleanInterruptedException("(waiting for future " + id + ", " + task + ")");
            }
        }
        return state;
    }

    /** Marks the id released; returns whether the table may forget the future now (it has settled). */
    synchronized boolean release() {
        released = true;
        return state != AsyncHost.PENDING;
    }

    synchronized boolean isReleased() {
        return released;
    }

    /** The outcome as an exception for Java subscribers, or {@code null} when resolved. */
    synchronized Throwable failure() {
        return error;
    }
}

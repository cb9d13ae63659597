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
 *
 * <p>The state is volatile and the outcome is written before it, so reads take no lock; the monitor
 * guards only the listeners, the work handle and the waiting threads.
 */
final class GuestFuture {
    /** Settlement notifications for subscribers; called outside the lock, exactly once. */
    interface Listener {
        void settled(GuestFuture future);
    }

    final int id;
    final String task;
    final TaskOutcome.Kind kind;
    /** When it started, or 0 when nobody listened to outcomes then (durations are only for listeners). */
    final long startNanos;
    /** The guest call that may await or settle it ({@code null} for background tasks); see {@link #abandon}. */
    final CallContext owner;
    private final FutureTable table;

    private volatile int state = AsyncHost.PENDING;
    private String value; // written before state
    private Throwable error; // written before state
    private volatile boolean released;

    // Guarded by this.
    private Object listeners; // null, one Listener, or a List<Listener>
    private Disposable work;
    private int waiting;

    GuestFuture(FutureTable table, int id, String task, TaskOutcome.Kind kind, CallContext owner, long startNanos) {
        this.table = table;
        this.id = id;
        this.task = task;
        this.kind = kind;
        this.owner = owner;
        this.startNanos = startNanos;
    }

    int state() {
        return state;
    }

    /** The value; meaningful once {@link #state()} is resolved. */
    String value() {
        return state == AsyncHost.RESOLVED ? value : null;
    }

    /** The outcome as an exception for Java subscribers, or {@code null} when resolved or pending. */
    Throwable failure() {
        return state > AsyncHost.RESOLVED ? error : null;
    }

    /** The work that will settle this future while it is pending, else {@code null}. */
    synchronized Disposable work() {
        return work;
    }

    /** Sets what {@link #cancel} disposes; disposes it at once if the future already settled. */
    void attach(Disposable work) {
        synchronized (this) {
            if (state == AsyncHost.PENDING) {
                this.work = work;
                return;
            }
        }
        work.dispose();
    }

    boolean resolve(String result) {
        return settle(AsyncHost.RESOLVED, result, null);
    }

    boolean fail(Throwable failure) {
        return settle(AsyncHost.FAILED, null, failure);
    }

    /** Cancels a pending future and disposes its work (interrupting guest code, cancelling Java subscriptions). */
    boolean cancel() {
        Disposable toDispose = work();
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
            value = newValue;
            error = newError;
            state = newState;
            work = null;
            toNotify = listeners;
            listeners = null;
            table.count(this); // before any waiter wakes, so stats never lag a completed await
            if (waiting > 0) {
                notifyAll();
            }
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
    int awaitSettled(long maxWaitNanos) {
        if (state != AsyncHost.PENDING) {
            return state;
        }
        synchronized (this) {
            long deadline = System.nanoTime() + maxWaitNanos;
            waiting++;
            try {
                while (state == AsyncHost.PENDING) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CleanInterruptedException("(waiting for future " + id + ", " + task + ")");
            } finally {
                waiting--;
            }
        }
        return state;
    }

    /** Marks the id released; returns whether the table may forget the future now (it has settled). */
    boolean release() {
        released = true;
        return state != AsyncHost.PENDING;
    }

    boolean isReleased() {
        return released;
    }
}

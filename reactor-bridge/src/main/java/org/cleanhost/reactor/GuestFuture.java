package org.cleanhost.reactor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cleanhost.wasm.CleanInterruptedException;
import reactor.core.Disposable;

/**
 * One future or task the guest started: its outcome and the subscribers waiting for it. It settles exactly
 * once and keeps the outcome, so late subscribers replay it. Its life (create, settle, release, abandon) is
 * owned by {@link FutureTable}; this class holds only the value, the listeners and the waiting threads.
 * Kept small (a few fields, no sink objects) because a runtime may hold many pending futures.
 *
 * <p>The state is volatile and the outcome is written before it, so reads take no lock; the monitor guards
 * the listeners, the work handle and the waiting threads.
 */
final class GuestFuture {
    /** Where a future is in its life. The ABI's status codes are derived from it in one place ({@link #abiStatus}). */
    enum State {
        PENDING(0), RESOLVED(1), FAILED(2), CANCELLED(3);

        private final int abiStatus;

        State(int abiStatus) {
            this.abiStatus = abiStatus;
        }
    }

    /** Settlement notifications for subscribers; called outside the lock, exactly once. */
    interface Listener {
        void settled(GuestFuture future);
    }

    private static final long RESOLVED_AT_START = Long.MIN_VALUE;
    private static final VarHandle RELEASED;
    private static final VarHandle STATE;

    static {
        try {
            RELEASED = MethodHandles.lookup().findVarHandle(GuestFuture.class, "released", boolean.class);
            STATE = MethodHandles.lookup().findVarHandle(GuestFuture.class, "state", State.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int id;
    private final String task;
    private final TaskOutcome.Kind kind;
    private final long startNanos; // or RESOLVED_AT_START
    /** The guest call that may await or settle it ({@code null} for background tasks, or once forgotten). */
    private CallContext owner;

    private volatile State state; // set plainly in the constructors: the table publishes a future with a CAS
    private String value; // written before state
    private Throwable error; // written before state
    private volatile boolean released;

    // Guarded by this.
    private Object listeners; // null, one Listener, or a List<Listener>
    private Disposable work;
    private int waiting;

    /** A pending future. */
    GuestFuture(int id, String task, TaskOutcome.Kind kind, CallContext owner) {
        this(id, task, kind, owner, System.nanoTime(), State.PENDING, null);
    }

    /** A future resolved as it is created (a Java function that returned a value already there): it took no time. */
    GuestFuture(int id, String task, TaskOutcome.Kind kind, CallContext owner, String resolvedValue) {
        this(id, task, kind, owner, RESOLVED_AT_START, State.RESOLVED, resolvedValue);
    }

    private GuestFuture(int id, String task, TaskOutcome.Kind kind, CallContext owner, long startNanos, State state,
            String value) {
        this.id = id;
        this.task = task;
        this.kind = kind;
        this.owner = owner;
        this.startNanos = startNanos;
        this.value = value;
        STATE.set(this, state); // plain: the table publishes the future with a CAS
    }

    int id() {
        return id;
    }

    String task() {
        return task;
    }

    TaskOutcome.Kind kind() {
        return kind;
    }

    CallContext owner() {
        return owner;
    }

    /** Nanoseconds since the future was created; zero for one that was resolved as it was created. */
    long elapsedNanos() {
        return startNanos == RESOLVED_AT_START ? 0 : System.nanoTime() - startNanos;
    }

    State state() {
        return state;
    }

    boolean isPending() {
        return state == State.PENDING;
    }

    /** The status code the ID ABI's {@code future_status} reports. */
    int abiStatus() {
        return state.abiStatus;
    }

    /** The value; meaningful once resolved. */
    String value() {
        return state == State.RESOLVED ? value : null;
    }

    /** The outcome as an exception for Java subscribers, or {@code null} when resolved or pending. */
    Throwable failure() {
        State s = state;
        return s == State.FAILED || s == State.CANCELLED ? error : null;
    }

    /** The work that will settle this future while it is pending, else {@code null}. */
    synchronized Disposable work() {
        return work;
    }

    /** Sets what cancellation disposes; disposes it at once if the future already settled. */
    void attach(Disposable newWork) {
        synchronized (this) {
            if (state == State.PENDING) {
                this.work = newWork;
                return;
            }
        }
        newWork.dispose();
    }

    /**
     * Settles a pending future and wakes waiting threads; {@code counts} is told under the lock, before any
     * waiter wakes, so stats never lag a completed await. Returns the listeners registered while pending, for {@link #notifyListeners(Object)}
     * once the settlement is published, or {@link #NOT_PENDING} if it had already settled. Reads no work: on
     * cancellation the caller takes {@link #work()} first.
     */
    Object settle(State newState, String newValue, Throwable newError, FutureTable counts) {
        Object toNotify;
        synchronized (this) {
            if (state != State.PENDING) {
                return NOT_PENDING;
            }
            value = newValue;
            error = newError;
            state = newState;
            work = null;
            toNotify = listeners;
            listeners = null;
            counts.count(newState);
            if (waiting > 0) {
                notifyAll();
            }
        }
        return toNotify;
    }

    static final Object NOT_PENDING = new Object();

    /** After {@link #settle}: notifies what it returned (listeners registered later are notified by {@link #listen}). */
    void notifyListeners(Object toNotify) {
        if (toNotify instanceof Listener) {
            deliverTo((Listener) toNotify);
        } else if (toNotify != null) {
            @SuppressWarnings("unchecked")
            List<Listener> all = (List<Listener>) toNotify;
            for (Listener l : all) {
                deliverTo(l);
            }
        }
    }

    /** One listener failing must not keep the others from their signal. */
    private void deliverTo(Listener listener) {
        try {
            listener.settled(this);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            reactor.core.publisher.Operators.onErrorDropped(e, reactor.util.context.Context.empty());
        }
    }

    /** Registers {@code listener}; if already settled, notifies it at once on this thread. */
    void listen(Listener listener) {
        synchronized (this) {
            if (state == State.PENDING) {
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
        deliverTo(listener);
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
    State awaitSettled(long maxWaitNanos) {
        if (state != State.PENDING) {
            return state;
        }
        synchronized (this) {
            long deadline = System.nanoTime() + maxWaitNanos;
            waiting++;
            try {
                while (state == State.PENDING) {
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
    boolean markReleased() {
        if (state != State.PENDING) {
            RELEASED.setRelease(this, true); // settled already: no settle can race us, an ordered store is enough
            return true;
        }
        released = true; // volatile: settle writes state, then reads released; we write released, then read state
        return state != State.PENDING;
    }

    boolean isReleased() {
        return released;
    }

    /** Released and settled: its id means nothing any more, and {@link FutureTable} no longer finds it. */
    boolean isForgotten() {
        return released && state != State.PENDING;
    }

    /** Forgotten: keeps the call that owned it (and that call's Reactor context) from being retained. */
    void dropOwner() {
        owner = null;
    }
}

package org.cleanhost.reactor;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanInstance;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.pool.PooledRef;
import reactor.util.context.Context;

/**
 * One piece of guest work (a call or a task): acquire a pooled instance without blocking, run the
 * {@link #body} on the runtime's scheduler, give the instance back (or discard it if broken), then
 * {@link #deliver} the outcome exactly once. Subclasses are the operators: a call's subscription, a task
 * settling its future.
 *
 * <p>It runs exactly once, by whoever claims it first: the scheduler thread that got an instance, or a guest
 * thread awaiting it ({@link #claim()}, then {@link #runOn}). {@link #dispose()} cancels it: before it runs,
 * nothing runs and nothing is delivered; while it runs, the thread running it is interrupted, which stops the
 * guest. {@link #abort} (the runtime closing) is the same but delivers its reason.
 *
 * <p>Whatever {@link #body} throws, including {@link VirtualMachineError}s caused by guest work, is delivered
 * as a typed {@link CleanException}; whatever {@link #deliver} throws is dropped through Reactor's hooks, never
 * into the scheduler.
 *
 * <p>An instance given back while a run is queued for one goes straight to that run on the releasing thread
 * ({@link InstanceHandoff}).
 */
abstract class GuestRun implements Runnable, Disposable {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int CANCELLED = 3;

    private final InstanceRuns runs;
    private final FutureTable futures;
    private final CallContext context;

    // Guarded by this.
    private int state = NEW;
    private boolean registered;
    private Disposable acquisition;
    private PooledRef<CleanInstance> ref;
    private Thread runner;
    private boolean interruptedByUs;
    private CleanException abortedBy;
    private ScheduledFuture<?> fallback;

    /**
     * Runs are kept in a hash set while they live ({@link InstanceRuns}). An identity hash, computed while the
     * run's monitor is held (registration is), inflates that monitor: it cost ~0.4 µs a call.
     */
    private final int hash = ThreadLocalRandom.current().nextInt();

    GuestRun(InstanceRuns runs, FutureTable futures, CallContext context) {
        this.runs = runs;
        this.futures = futures;
        this.context = context;
    }

    @Override
    public final int hashCode() {
        return hash;
    }

    @Override
    public final boolean equals(Object other) {
        return this == other;
    }

    /** The guest work, on {@code instance}, on the thread that claimed the run; returns the result to deliver. */
    abstract Object body(CleanInstance instance);

    /**
     * The outcome, exactly once unless the run was cancelled: {@code failure} is {@code null} on success. The
     * run no longer counts as active and its instance is back in the pool. Must not throw; if it does, the
     * exception is dropped through {@link Operators#onErrorDropped}.
     */
    abstract void deliver(Object result, CleanException failure);

    /** For messages: what the run does ("export 'report'", "task 'fetch'"). */
    abstract String describe();

    final CallContext context() {
        return context;
    }

    /**
     * Shared-instance mode: leaves the run for {@code owner}'s thread, which runs it on its own instance when
     * it awaits the run's future or when its export returns. Counts as active from now on.
     */
    final void deferTo(CallContext owner) {
        if (register()) {
            owner.defer(this);
        }
    }

    /** Counts the run as active unless it was stopped or the runtime is closed (then it fails); returns whether to proceed. */
    private boolean register() {
        CleanException closed;
        synchronized (this) {
            if (state != NEW || registered) {
                return false;
            }
            registered = true;
            closed = runs.register(this);
        }
        if (closed != null) {
            abort(closed);
            return false;
        }
        return true;
    }

    /** Asks the pool for an instance; {@link #run()} follows on the scheduler once one is free. Counts as active from now on. */
    final void start() {
        if (!register()) {
            return; // cancelled before it started, started twice, or the runtime is closed
        }
        InstanceAcquisition request = new InstanceAcquisition(this);
        runs.acquire().subscribe(request);
        synchronized (this) {
            if (state == NEW && ref == null) {
                acquisition = request; // still waiting: keep it so a claim or cancel can withdraw the request
            }
        }
    }

    /** The pool's answer ({@link InstanceAcquisition}); also when the request was withdrawn meanwhile. */
    final void acquired(PooledRef<CleanInstance> acquiredRef) {
        boolean keep;
        synchronized (this) {
            keep = state == NEW;
            if (keep) {
                ref = acquiredRef;
                acquisition = null;
            }
        }
        if (!keep) {
            runs.release(acquiredRef);
            return;
        }
        ScheduledFuture<?> timer = InstanceHandoff.takeOver(runs, this, this::dispatchUnlessStarted);
        if (timer != null) { // the releasing thread runs it once it has delivered its own result
            synchronized (this) {
                fallback = timer;
            }
            return;
        }
        dispatch();
    }

    private void dispatchUnlessStarted() {
        if (!isStarted()) {
            dispatch(); // whoever runs first claims it; the other finds it started
        }
    }

    private void dispatch() {
        try {
            runs.scheduler().schedule(this);
        } catch (RuntimeException rejected) {
            PooledRef<CleanInstance> toRelease = null;
            synchronized (this) {
                if (state == NEW) {
                    state = DONE;
                    toRelease = ref;
                    ref = null;
                }
            }
            if (toRelease != null) {
                runs.release(toRelease);
                finish(null, runs.schedulerRejected(rejected), true);
            }
        }
    }

    final void acquireFailed(Throwable error) {
        synchronized (this) {
            if (state != NEW) {
                return;
            }
            state = DONE;
        }
        finish(null, runs.mapAcquireError(error), true);
    }

    /** The scheduler's turn: run on the acquired instance unless someone else claimed or cancelled it. */
    @Override
    public final void run() {
        GuestRun next = runScheduled();
        while (next != null) {
            next = next.runScheduled();
        }
    }

    /** Runs this run unless someone else has; returns the run its instance was handed to, to run next on this thread. */
    private GuestRun runScheduled() {
        PooledRef<CleanInstance> mine;
        boolean proceed;
        ScheduledFuture<?> timer;
        synchronized (this) {
            mine = ref;
            ref = null;
            proceed = state == NEW && mine != null;
            if (proceed) {
                state = RUNNING;
                runner = Thread.currentThread();
            }
            timer = fallback;
            fallback = null;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        if (!proceed) {
            return mine == null ? null : InstanceHandoff.releaseAndTake(runs, mine);
        }
        CleanException closed = runs.closedReason();
        if (closed != null) { // the runtime closed while the instance was on its way
            synchronized (this) {
                state = DONE;
                runner = null;
            }
            runs.release(mine);
            finish(null, closed, true);
            return null;
        }
        if (Schedulers.isInNonBlockingThread()) {
            // A misconfigured scheduler (e.g. parallel()): refuse rather than block an event loop.
            synchronized (this) {
                state = DONE;
                runner = null;
            }
            runs.release(mine);
            finish(null, new CleanException("guest code must run on a scheduler that may block (such as "
                    + "Schedulers.boundedElastic()), not on non-blocking thread " + Thread.currentThread().getName()), true);
            return null;
        }
        return execute(mine.poolable(), mine);
    }

    /** Claims a run that has not started; the claimer must then call {@link #runOn}. */
    final boolean claim() {
        Disposable pendingAcquire;
        PooledRef<CleanInstance> unused;
        synchronized (this) {
            if (state != NEW) {
                return false;
            }
            state = RUNNING;
            runner = Thread.currentThread();
            pendingAcquire = acquisition;
            acquisition = null;
            unused = ref;
            ref = null;
        }
        if (pendingAcquire != null) {
            pendingAcquire.dispose();
        }
        if (unused != null) {
            runs.release(unused);
        }
        return true;
    }

    /** Runs a claimed run on {@code instance} (the claimer's own, re-entrantly) on the current thread. */
    final void runOn(CleanInstance instance) {
        execute(instance, null);
    }

    /** Runs the body; with a pooled instance, returns the run that instance was handed to (or null). */
    private GuestRun execute(CleanInstance instance, PooledRef<CleanInstance> pooled) {
        CallContext previous = CallContext.enter(context);
        Object result = null;
        CleanException failure = null;
        try {
            result = body(instance);
        } catch (Throwable e) { // guest work may end in any Error (stack, memory): it fails this run only
            failure = typedFailure(e);
        } finally {
            CallContext.restore(previous);
            futures.returnLease(context);
        }
        boolean cancelled;
        synchronized (this) {
            cancelled = state == CANCELLED;
            state = cancelled ? CANCELLED : DONE;
            runner = null;
            if (interruptedByUs) {
                Thread.interrupted(); // our interrupt, not the thread's next task's business
            }
            if (abortedBy != null) {
                failure = abortedBy; // the runtime closed: say so, whatever the interrupt looked like inside
                result = null;
            }
        }
        if (failure != null || cancelled) {
            futures.abandonOwnedBy(context); // nobody can await or settle what only this run knew about
        }
        GuestRun next = pooled == null ? null : InstanceHandoff.releaseAndTake(runs, pooled);
        finish(result, failure, !cancelled);
        return next;
    }

    private CleanException typedFailure(Throwable error) {
        try {
            return Failures.typed(describe(), error);
        } catch (VirtualMachineError noHeapToDescribeIt) {
            return Failures.outOfMemory();
        }
    }

    private void finish(Object result, CleanException failure, boolean deliver) {
        boolean counted;
        synchronized (this) {
            counted = registered;
            registered = false;
        }
        if (counted) {
            runs.unregister(this);
        }
        if (!deliver) {
            return;
        }
        try {
            deliver(result, failure);
        } catch (Throwable e) {
            Operators.onErrorDropped(e, Context.of(context.reactorContext()));
        }
    }

    /** Cancels the run: nothing is delivered. */
    @Override
    public final void dispose() {
        stop(null);
    }

    /** The runtime is closing: stops the run like {@link #dispose()} but delivers {@code reason}. */
    final void abort(CleanException reason) {
        stop(reason);
    }

    private void stop(CleanException reason) {
        Disposable pendingAcquire = null;
        PooledRef<CleanInstance> unused = null;
        boolean neverRan = false;
        synchronized (this) {
            if (state == NEW) {
                state = reason == null ? CANCELLED : DONE;
                neverRan = true;
                pendingAcquire = acquisition;
                acquisition = null;
                unused = ref;
                ref = null;
            } else if (state == RUNNING) {
                if (reason == null) {
                    state = CANCELLED;
                } else {
                    abortedBy = reason;
                }
                if (runner != null && runner != Thread.currentThread()) {
                    interruptedByUs = true;
                    runner.interrupt();
                }
            }
        }
        if (pendingAcquire != null) {
            pendingAcquire.dispose();
        }
        if (unused != null) {
            runs.release(unused);
        }
        if (neverRan) {
            finish(null, reason, reason != null);
        }
    }

    /** Whether someone has started (or cancelled) it: it can no longer be claimed. */
    final synchronized boolean isStarted() {
        return state != NEW;
    }

    @Override
    public final synchronized boolean isDisposed() {
        return state == DONE || state == CANCELLED;
    }
}

package org.cleanhost.reactor;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanInstance;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
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
 * <p>When a run gives its instance back and the pool hands that instance straight to a queued run, the
 * releasing thread runs the queued run itself, right after delivering its own result, instead of scheduling
 * it on another worker: the OS often queued the woken worker behind the core busy with guest code while the
 * releasing core went idle, which cost a third of a 2-core pool's throughput. If delivering takes longer
 * than {@link #HANDOFF_FALLBACK} (a subscriber doing heavy work, or blocking on the very call that waits),
 * the queued run is scheduled after all, so it can never hang behind its subscriber.
 */
abstract class GuestRun implements Runnable, Disposable {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int CANCELLED = 3;

    /** Set on a scheduler thread while its run gives back its instance: notes the run the pool hands it to. */
    private static final ThreadLocal<Handoff> HANDOFF = new ThreadLocal<>();
    /** How long a handed-over run waits for the releasing thread before it is scheduled anyway. */
    private static final Duration HANDOFF_FALLBACK = Duration.ofMillis(1);
    private static final ScheduledThreadPoolExecutor FALLBACK_TIMER = newFallbackTimer();

    private static ScheduledThreadPoolExecutor newFallbackTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "clean-handoff-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static final class Handoff {
        final InstanceRuns runs;
        GuestRun next;

        Handoff(InstanceRuns runs) {
            this.runs = runs;
        }
    }

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
        Acquisition request = new Acquisition();
        runs.acquire().subscribe(request);
        synchronized (this) {
            if (state == NEW && ref == null) {
                acquisition = request; // still waiting: keep it so a claim or cancel can withdraw the request
            }
        }
    }

    /**
     * Subscribes to the pool's acquire. Unlike a lambda subscriber it never drops an instance the pool
     * hands over at the very moment the request is withdrawn: {@link #acquired} gives such an instance back.
     */
    private final class Acquisition implements CoreSubscriber<PooledRef<CleanInstance>>, Disposable {
        private volatile Subscription upstream;
        private volatile boolean withdrawn;

        @Override
        public Context currentContext() {
            return Context.empty();
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            if (withdrawn) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(PooledRef<CleanInstance> acquiredRef) {
            acquired(acquiredRef); // even if withdrawn meanwhile: acquired() releases what nobody needs
        }

        @Override
        public void onError(Throwable error) {
            if (!withdrawn) {
                acquireFailed(error);
            }
        }

        @Override
        public void onComplete() {
            // a Mono: onNext came first, or onError
        }

        @Override
        public void dispose() {
            withdrawn = true;
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public boolean isDisposed() {
            return withdrawn;
        }
    }

    private void acquired(PooledRef<CleanInstance> acquiredRef) {
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
        Handoff handoff = HANDOFF.get();
        if (handoff != null && handoff.runs == runs && handoff.next == null) {
            handoff.next = this; // the releasing thread runs it once it has delivered its own result
            ScheduledFuture<?> timer = FALLBACK_TIMER.schedule(this::dispatchUnlessStarted,
                    HANDOFF_FALLBACK.toNanos(), TimeUnit.NANOSECONDS);
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

    private void acquireFailed(Throwable error) {
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
            return mine == null ? null : releaseAndTakeHandoff(mine);
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

    /** Gives {@code pooled} back; returns the queued run the pool handed it to, if any, for this thread to run. */
    private GuestRun releaseAndTakeHandoff(PooledRef<CleanInstance> pooled) {
        Handoff handoff = new Handoff(runs);
        HANDOFF.set(handoff);
        try {
            runs.release(pooled);
        } finally {
            HANDOFF.remove();
        }
        return handoff.next;
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
        GuestRun next = pooled == null ? null : releaseAndTakeHandoff(pooled);
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

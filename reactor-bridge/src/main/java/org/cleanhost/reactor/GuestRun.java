package org.cleanhost.reactor;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.cleanhost.wasm.CleanInstance;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.pool.PooledRef;

/**
 * One piece of guest work (a {@code call()} or a task): acquire a pooled instance without blocking,
 * run on the runtime's scheduler, give the instance back (or discard it if broken), report the outcome.
 *
 * <p>It runs exactly once, by whoever claims it first: the scheduler thread that got an instance, or a
 * guest thread awaiting it ({@link #claim()}, then {@link #runOn}). {@link #dispose()} cancels it: before
 * it runs, nothing runs; while it runs, the thread running it is interrupted, which stops the guest.
 *
 * <p>When a run gives its instance back and the pool hands that instance straight to a queued run, the
 * releasing thread runs the queued run itself, right after delivering its own result, instead of
 * scheduling it on another worker: the OS often queued the woken worker behind the core busy with guest
 * code while the releasing core went idle, which cost a third of a 2-core pool's throughput in
 * {@code ParallelTasksBenchmark} (a worker scheduled as well and racing for the run did no better: it wins
 * the claim, then waits for a core). If delivering that result takes longer than {@link #HANDOFF_FALLBACK}
 * (a subscriber doing heavy work, or blocking on the very call that waits), the queued run is scheduled
 * after all, so it can never hang behind its subscriber.
 */
final class GuestRun implements Runnable, Disposable {
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
        final CleanRuntime runtime;
        GuestRun next;

        Handoff(CleanRuntime runtime) {
            this.runtime = runtime;
        }
    }

    private final CleanRuntime runtime;
    private final Function<CleanInstance, Object> body;
    private final Consumer<Object> onSuccess;
    private final Consumer<Throwable> onFailure;
    final CallContext context;

    // Guarded by this.
    private int state = NEW;
    private Disposable acquisition;
    private PooledRef<CleanInstance> ref;
    private Thread runner;
    private boolean interruptedByCancel;
    private ScheduledFuture<?> fallback;

    GuestRun(CleanRuntime runtime, CallContext context, Function<CleanInstance, Object> body,
            Consumer<Object> onSuccess, Consumer<Throwable> onFailure) {
        this.runtime = runtime;
        this.context = context;
        this.body = body;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
        runtime.activeRuns.incrementAndGet();
    }

    /** Asks the pool for an instance; {@link #run()} follows on the scheduler once one is free. */
    void start() {
        Acquisition request = new Acquisition();
        runtime.acquire().subscribe(request);
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
            runtime.release(acquiredRef);
            return;
        }
        Handoff handoff = HANDOFF.get();
        if (handoff != null && handoff.runtime == runtime && handoff.next == null) {
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
            runtime.scheduler().schedule(this);
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
                runtime.release(toRelease);
                finish(null, rejected);
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
        finish(null, runtime.mapAcquireError(error));
    }

    /** The scheduler's turn: run on the acquired instance unless someone else claimed or cancelled it. */
    @Override
    public void run() {
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
        if (Schedulers.isInNonBlockingThread()) {
            // A misconfigured scheduler (e.g. parallel()): refuse rather than block an event loop.
            synchronized (this) {
                state = DONE;
                runner = null;
            }
            runtime.release(mine);
            finish(null, new IllegalStateException("guest code must run on a scheduler that may block (such as "
                    + "Schedulers.boundedElastic()), not on non-blocking thread " + Thread.currentThread().getName()));
            return null;
        }
        return execute(mine.poolable(), mine);
    }

    /** Gives {@code pooled} back; returns the queued run the pool handed it to, if any, for this thread to run. */
    private GuestRun releaseAndTakeHandoff(PooledRef<CleanInstance> pooled) {
        Handoff handoff = new Handoff(runtime);
        HANDOFF.set(handoff);
        try {
            runtime.release(pooled);
        } finally {
            HANDOFF.remove();
        }
        return handoff.next;
    }

    /** Claims a run that has not started; the claimer must then call {@link #runOn}. */
    boolean claim() {
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
            runtime.release(unused);
        }
        return true;
    }

    /** Runs a claimed run on {@code instance} (the claimer's own, re-entrantly) on the current thread. */
    void runOn(CleanInstance instance) {
        execute(instance, null);
    }

    /** Runs the body; with a pooled instance, returns the run that instance was handed to (or null). */
    private GuestRun execute(CleanInstance instance, PooledRef<CleanInstance> pooled) {
        CallContext previous = CallContext.enter(context);
        Object result = null;
        Throwable failure = null;
        try {
            result = body.apply(instance);
        } catch (RuntimeException | Error e) {
            failure = e;
            runtime.futures.abandonOwnedBy(context);
        } finally {
            CallContext.restore(previous);
        }
        boolean cancelled;
        synchronized (this) {
            cancelled = state == CANCELLED;
            state = cancelled ? CANCELLED : DONE;
            runner = null;
            if (interruptedByCancel) {
                Thread.interrupted(); // our interrupt, not the thread's next task's business
            }
        }
        GuestRun next = pooled == null ? null : releaseAndTakeHandoff(pooled);
        if (!cancelled) {
            finish(result, failure);
        } else {
            if (failure == null) {
                // it finished, but its result reaches nobody: neither do the futures only it knew about
                runtime.futures.abandonOwnedBy(context);
            }
            runtime.activeRuns.decrementAndGet();
        }
        return next;
    }

    private void finish(Object result, Throwable failure) {
        runtime.activeRuns.decrementAndGet();
        if (failure == null) {
            onSuccess.accept(result);
        } else {
            onFailure.accept(failure);
        }
    }

    @Override
    public void dispose() {
        Disposable pendingAcquire = null;
        PooledRef<CleanInstance> unused = null;
        boolean neverRan = false;
        synchronized (this) {
            if (state == NEW) {
                state = CANCELLED;
                neverRan = true;
                pendingAcquire = acquisition;
                acquisition = null;
                unused = ref;
                ref = null;
            } else if (state == RUNNING) {
                state = CANCELLED;
                if (runner != null && runner != Thread.currentThread()) {
                    interruptedByCancel = true;
                    runner.interrupt();
                }
            }
        }
        if (pendingAcquire != null) {
            pendingAcquire.dispose();
        }
        if (unused != null) {
            runtime.release(unused);
        }
        if (neverRan) {
            runtime.activeRuns.decrementAndGet();
        }
    }

    /** Whether someone has started (or cancelled) it: it can no longer be claimed. */
    synchronized boolean isStarted() {
        return state != NEW;
    }

    @Override
    public synchronized boolean isDisposed() {
        return state == DONE || state == CANCELLED;
    }
}

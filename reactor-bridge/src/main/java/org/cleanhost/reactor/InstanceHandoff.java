package org.cleanhost.reactor;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.cleanhost.wasm.CleanInstance;
import reactor.pool.PooledRef;

/**
 * When a run gives its instance back and the pool hands that instance straight to a queued run, the releasing
 * thread runs the queued run itself, right after delivering its own result, instead of scheduling it on
 * another worker: the OS often queued the woken worker behind the core busy with guest code while the
 * releasing core went idle, which cost a third of a 2-core pool's throughput. If delivering takes longer than
 * {@link #FALLBACK} (a subscriber doing heavy work, or blocking on the very call that waits), the queued run
 * is scheduled after all, so it can never hang behind its subscriber.
 */
final class InstanceHandoff {
    /** How long a handed-over run waits for the releasing thread before it is scheduled anyway. */
    private static final Duration FALLBACK = Duration.ofMillis(1);
    /** Set on a thread while it gives back an instance: notes the run the pool hands that instance to. */
    private static final ThreadLocal<InstanceHandoff> RELEASING = new ThreadLocal<>();
    private static final ScheduledThreadPoolExecutor FALLBACK_TIMER = newFallbackTimer();

    private final InstanceRuns runs;
    private GuestRun next;

    private InstanceHandoff(InstanceRuns runs) {
        this.runs = runs;
    }

    private static ScheduledThreadPoolExecutor newFallbackTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "clean-handoff-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Gives {@code pooled} back; returns the queued run the pool handed it to, if any, for this thread to run. */
    static GuestRun releaseAndTake(InstanceRuns runs, PooledRef<CleanInstance> pooled) {
        InstanceHandoff handoff = new InstanceHandoff(runs);
        RELEASING.set(handoff);
        try {
            runs.release(pooled);
        } finally {
            RELEASING.remove();
        }
        return handoff.next;
    }

    /**
     * Called when {@code run} got an instance: if this thread is giving that instance back (for the same
     * runtime, and nothing was handed over yet), it will run {@code run} itself; returns the timer that runs
     * {@code fallback} if it does not within {@link #FALLBACK}. Else {@code null}: the caller schedules the run.
     */
    static ScheduledFuture<?> takeOver(InstanceRuns runs, GuestRun run, Runnable fallback) {
        InstanceHandoff handoff = RELEASING.get();
        if (handoff == null || handoff.runs != runs || handoff.next != null) {
            return null;
        }
        handoff.next = run;
        return FALLBACK_TIMER.schedule(fallback, FALLBACK.toNanos(), TimeUnit.NANOSECONDS);
    }
}

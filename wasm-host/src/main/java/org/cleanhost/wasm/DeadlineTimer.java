package org.cleanhost.wasm;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts a thread running guest code when its deadline passes. One daemon thread serves the
 * whole JVM; an armed deadline costs one scheduled task.
 *
 * <p>The interrupt and the disarm are serialized on the {@link Armed} object, so an interrupt can
 * never land on a thread after its call has finished and moved on to other work.
 */
final class DeadlineTimer {
    private static final ScheduledThreadPoolExecutor TIMER = newTimer();

    private DeadlineTimer() {}

    private static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "clean-deadline-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Arms a deadline for the current thread. Always {@link Armed#disarm() disarm} it in a finally block. */
    static Armed arm(Duration deadline) {
        Armed armed = new Armed(Thread.currentThread());
        armed.task = TIMER.schedule(armed::fire, Math.max(1, deadline.toNanos()), TimeUnit.NANOSECONDS);
        return armed;
    }

    static final class Armed {
        private final Thread thread;
        private ScheduledFuture<?> task;
        private boolean finished;
        private boolean fired;

        private Armed(Thread thread) {
            this.thread = thread;
        }

        private synchronized void fire() {
            if (!finished) {
                fired = true;
                thread.interrupt();
            }
        }

        /**
         * Stops the deadline. Returns whether it fired; if it did, the interrupt it caused is cleared
         * from the current thread.
         */
        synchronized boolean disarm() {
            finished = true;
            task.cancel(false);
            if (fired) {
                Thread.interrupted();
            }
            return fired;
        }
    }
}

package org.cleanhost.reactor;

import java.time.Duration;

/**
 * How a task the guest started ended.
 *
 * @param id the task or future id
 * @param task the task name the guest used
 * @param kind what started it
 * @param value the result when it succeeded, else {@code null}
 * @param error the failure (including {@link CleanCancelledException}) when it did not, else {@code null}
 * @param duration from start to settlement; {@link Duration#ZERO} if nobody subscribed to
 *     {@link CleanRuntime#taskOutcomes()} when the task started (time is only measured for listeners)
 */
public record TaskOutcome(long id, String task, Kind kind, String value, Throwable error, Duration duration) {

    /** What started a task. */
    public enum Kind {
        /** {@code background f()}: {@code _async_fire} or {@code spawn_task}. */
        BACKGROUND,
        /** {@code later x = start f()}: {@code _async_await} or {@code create_future}. */
        FUTURE,
        /** {@code future_new}, settled by the guest itself. */
        GUEST_OWNED
    }

    public boolean succeeded() {
        return error == null;
    }
}

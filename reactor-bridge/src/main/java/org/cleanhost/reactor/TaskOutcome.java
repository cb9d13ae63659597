package org.cleanhost.reactor;

import java.time.Duration;

/**
 * How a task the guest started ended. Plain values only, so an outcome serialises as it is (JSON, logs, SSE).
 *
 * @param id the task or future id
 * @param task the task name the guest used
 * @param kind what started it
 * @param value the result when it succeeded, else {@code null}
 * @param errorType the simple class name of the failure ({@code TaskFailedException}, {@code CleanCancelledException},
 *     ...) when it did not succeed, else {@code null}
 * @param errorMessage the failure's message when it did not succeed, else {@code null}
 * @param duration from the guest starting it to its settlement
 */
public record TaskOutcome(long id, String task, Kind kind, String value, String errorType, String errorMessage,
        Duration duration) {

    /** What started a task. */
    public enum Kind {
        /** {@code background f()}: {@code _async_fire} or {@code spawn_task}. */
        BACKGROUND,
        /** {@code later x = start f()}: {@code _async_await} or {@code create_future}. */
        FUTURE,
        /** {@code future_new}, settled by the guest itself. */
        GUEST_OWNED
    }

    /** @return whether the task settled with a value */
    public boolean succeeded() {
        return errorType == null;
    }

    static TaskOutcome of(GuestFuture future, Duration duration) {
        Throwable error = future.failure();
        return new TaskOutcome(future.id(), future.task(), future.kind(), future.value(),
                error == null ? null : error.getClass().getSimpleName(), error == null ? null : error.getMessage(), duration);
    }
}

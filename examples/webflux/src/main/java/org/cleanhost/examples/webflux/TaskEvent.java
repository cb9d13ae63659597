package org.cleanhost.examples.webflux;

import org.cleanhost.reactor.TaskOutcome;

/**
 * A {@link TaskOutcome} as JSON for {@code GET /tasks}: the error becomes its type and message (a
 * {@code Throwable} does not serialize usefully).
 *
 * @param id the task or future id
 * @param task the task name the guest used
 * @param kind {@code BACKGROUND}, {@code FUTURE} or {@code GUEST_OWNED}
 * @param succeeded whether it produced a value
 * @param value the value, when it succeeded
 * @param error the failure's class name, when it did not
 * @param message the failure's message, when it did not
 * @param durationMillis from start to settlement
 */
public record TaskEvent(long id, String task, String kind, boolean succeeded, String value, String error,
        String message, long durationMillis) {

    public static TaskEvent from(TaskOutcome outcome) {
        return new TaskEvent(outcome.id(), outcome.task(), outcome.kind().name(), outcome.succeeded(),
                outcome.value(), outcome.errorType(), outcome.errorMessage(), outcome.duration().toMillis());
    }
}

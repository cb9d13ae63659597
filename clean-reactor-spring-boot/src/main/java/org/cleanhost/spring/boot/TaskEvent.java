package org.cleanhost.spring.boot;

import org.cleanhost.reactor.TaskOutcome;

/**
 * A {@link TaskOutcome} as JSON, for {@link CleanTaskEvents}: the error becomes its type and message (a
 * {@code Throwable} does not serialise usefully).
 *
 * @param id the task or future id
 * @param task the task name the guest used
 * @param kind {@code BACKGROUND}, {@code FUTURE} or {@code GUEST_OWNED}
 * @param succeeded whether it produced a value
 * @param value the value when it succeeded, else {@code null}
 * @param errorType the failure's simple class name when it did not, else {@code null}
 * @param errorMessage the failure's message when it did not, else {@code null}
 * @param durationMillis from start to settlement (0 when nobody listened when it started)
 */
public record TaskEvent(long id, String task, String kind, boolean succeeded, String value, String errorType,
        String errorMessage, long durationMillis) {

    /**
     * @param outcome a task outcome
     * @return its JSON view
     */
    public static TaskEvent from(TaskOutcome outcome) {
        return new TaskEvent(outcome.id(), outcome.task(), outcome.kind().name(), outcome.succeeded(), outcome.value(),
                outcome.errorType(), outcome.errorMessage(), outcome.duration().toMillis());
    }
}

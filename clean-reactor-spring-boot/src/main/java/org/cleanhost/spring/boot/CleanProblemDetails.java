package org.cleanhost.spring.boot;

import org.cleanhost.reactor.TaskFailedException;
import org.cleanhost.reactor.UnknownFutureException;
import org.cleanhost.wasm.CleanBusyException;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanTimeoutException;
import org.cleanhost.wasm.CleanTrapException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * With {@code clean.web.problem-details=true}: the runtime's typed failures reaching a handler become RFC 9457
 * problems ({@code application/problem+json}). Lowest precedence: the application's own advice wins.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>exception</th><th>status and properties</th></tr>
 *   <tr><td>{@link CleanTrapException}</td><td>500, {@code export}</td></tr>
 *   <tr><td>{@link TaskFailedException}</td><td>502, {@code task}</td></tr>
 *   <tr><td>{@link CleanBusyException}</td><td>503 with {@code Retry-After: 1}</td></tr>
 *   <tr><td>{@link CleanTimeoutException}</td><td>504, {@code export}, {@code deadlineMillis}</td></tr>
 *   <tr><td>{@link UnknownFutureException}</td><td>404, {@code futureId} (a client asked for an id that is gone)</td></tr>
 *   <tr><td>any other {@link CleanException}, including
 *       {@link org.cleanhost.reactor.UnknownTaskException}</td><td>500, {@code error} (the guest, not the client,
 *       named a task that does not exist)</td></tr>
 * </table>
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class CleanProblemDetails {
    private static final Logger LOG = LoggerFactory.getLogger(CleanProblemDetails.class);

    /**
     * @param e the trap
     * @return a 500 problem naming the export
     */
    @ExceptionHandler(CleanTrapException.class)
    public ProblemDetail trap(CleanTrapException e) {
        LOG.warn("{}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        problem.setTitle("Guest trapped");
        problem.setProperty("export", e.export());
        return problem;
    }

    /**
     * @param e the deadline failure
     * @return a 504 problem naming the export and the deadline
     */
    @ExceptionHandler(CleanTimeoutException.class)
    public ProblemDetail timeout(CleanTimeoutException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT, e.getMessage());
        problem.setTitle("Guest deadline exceeded");
        problem.setProperty("export", e.export());
        if (e.deadline() != null) {
            problem.setProperty("deadlineMillis", e.deadline().toMillis());
        }
        return problem;
    }

    /**
     * @param e the refusal
     * @return a 503 problem with {@code Retry-After}
     */
    @ExceptionHandler(CleanBusyException.class)
    public ResponseEntity<ProblemDetail> busy(CleanBusyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("All guest instances busy");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    /**
     * @param e the unknown id
     * @return a 404 problem naming the id
     */
    @ExceptionHandler(UnknownFutureException.class)
    public ProblemDetail unknownFuture(UnknownFutureException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("No such future");
        problem.setProperty("futureId", e.futureId());
        return problem;
    }

    /**
     * @param e the task failure
     * @return a 502 problem naming the task
     */
    @ExceptionHandler(TaskFailedException.class)
    public ProblemDetail taskFailed(TaskFailedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        problem.setTitle("A task the guest started failed");
        problem.setProperty("task", e.task());
        return problem;
    }

    /**
     * @param e any other runtime failure
     * @return a 500 problem naming the exception type
     */
    @ExceptionHandler(CleanException.class)
    public ProblemDetail other(CleanException e) {
        LOG.error("guest call failed", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        problem.setTitle("Guest call failed");
        problem.setProperty("error", e.getClass().getSimpleName());
        return problem;
    }
}

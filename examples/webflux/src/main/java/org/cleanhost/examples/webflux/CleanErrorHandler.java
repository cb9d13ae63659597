package org.cleanhost.examples.webflux;

import org.cleanhost.reactor.TaskFailedException;
import org.cleanhost.reactor.UnknownFutureException;
import org.cleanhost.wasm.CleanBusyException;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanTimeoutException;
import org.cleanhost.wasm.CleanTrapException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the runtime's typed failures to HTTP, each as an RFC 9457 problem ({@code application/problem+json}).
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><td>{@link CleanTrapException}</td><td>500, property {@code export}</td></tr>
 *   <tr><td>{@link TaskFailedException}</td><td>502, property {@code task}</td></tr>
 *   <tr><td>{@link CleanBusyException}</td><td>503 with {@code Retry-After}</td></tr>
 *   <tr><td>{@link CleanTimeoutException}</td><td>504, properties {@code export}, {@code deadlineMillis}</td></tr>
 *   <tr><td>{@link UnknownFutureException}</td><td>404, property {@code futureId}</td></tr>
 *   <tr><td>any other {@link CleanException}</td><td>500</td></tr>
 * </table>
 */
@RestControllerAdvice
public class CleanErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CleanErrorHandler.class);

    @ExceptionHandler(CleanTrapException.class)
    public ProblemDetail trap(CleanTrapException e) {
        LOG.warn("{}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        problem.setTitle("Guest trapped");
        problem.setProperty("export", e.export());
        return problem;
    }

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

    @ExceptionHandler(CleanBusyException.class)
    public ResponseEntity<ProblemDetail> busy(CleanBusyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("All guest instances busy");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem);
    }

    @ExceptionHandler(UnknownFutureException.class)
    public ProblemDetail unknownFuture(UnknownFutureException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("No such future");
        problem.setProperty("futureId", e.futureId());
        return problem;
    }

    @ExceptionHandler(TaskFailedException.class)
    public ProblemDetail taskFailed(TaskFailedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        problem.setTitle("A task the guest started failed");
        problem.setProperty("task", e.task());
        return problem;
    }

    @ExceptionHandler(CleanException.class)
    public ProblemDetail other(CleanException e) {
        LOG.error("guest call failed", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        problem.setTitle("Guest call failed");
        problem.setProperty("error", e.getClass().getSimpleName());
        return problem;
    }
}

package org.cleanhost.spring.boot;

import java.time.Duration;
import java.util.Objects;
import org.cleanhost.reactor.CleanRuntime;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link CleanRuntime#taskOutcomes(org.cleanhost.reactor.TaskOutcome.Kind...)} as Server-Sent Events, for a controller to return:
 *
 * <pre>{@code
 * @GetMapping(path = "/tasks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
 * Flux<ServerSentEvent<TaskEvent>> tasks() { return taskEvents.stream(); }
 * }</pre>
 *
 * <p>One {@code task} event (id = the task id, data = {@link TaskEvent}) per task the guest starts, as it settles.
 * The stream opens with a {@code subscribed} comment, sent once the outcomes are subscribed (a client that has read
 * it misses nothing it triggers afterwards), and sends a {@code heartbeat} comment every
 * {@code clean.web.heartbeat} so proxies keep idle connections open. Infinite; cancel it to stop. Like the
 * runtime's outcome stream it drops events for a subscriber that does not keep up.
 */
public final class CleanTaskEvents {
    private final CleanRuntime runtime;
    private final Duration heartbeat;

    /**
     * @param runtime the runtime whose task outcomes are streamed
     * @param heartbeat how often to send a heartbeat comment; positive
     */
    public CleanTaskEvents(CleanRuntime runtime, Duration heartbeat) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
        if (heartbeat.isZero() || heartbeat.isNegative()) {
            throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
        }
    }

    /** @return the event stream, cold: each subscriber gets the outcomes settled after it subscribed */
    public Flux<ServerSentEvent<TaskEvent>> stream() {
        Flux<ServerSentEvent<TaskEvent>> outcomes = runtime.taskOutcomes()
                .map(outcome -> ServerSentEvent.builder(TaskEvent.from(outcome))
                        .id(Long.toString(outcome.id()))
                        .event("task")
                        .build());
        Flux<ServerSentEvent<TaskEvent>> heartbeats = Flux.interval(heartbeat)
                .map(tick -> ServerSentEvent.<TaskEvent>builder().comment("heartbeat").build());
        // merge subscribes in order: outcomes first, then the opening comment, then the heartbeats
        return Flux.merge(outcomes, Mono.just(ServerSentEvent.<TaskEvent>builder().comment("subscribed").build()),
                heartbeats);
    }
}

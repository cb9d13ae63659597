package org.cleanhost.examples.webflux;

import java.net.URI;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.reactor.RuntimeStats;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * HTTP endpoints backed by the Clean guest (src/main/resources/guests/webflux.wat). Every method returns a
 * cold publisher straight from the {@link CleanRuntime}: guest code runs on the runtime's blocking-capable
 * scheduler, never on the Netty event loop, and a client that disconnects cancels the subscription, which
 * stops the guest. Failures are mapped to HTTP by {@link CleanErrorHandler}.
 */
@RestController
public class CleanController {
    private final CleanRuntime runtime;
    private final CleanProperties properties;

    public CleanController(CleanRuntime runtime, CleanProperties properties) {
        this.runtime = runtime;
        this.properties = properties;
    }

    /** {@code greet(name)}: a String in (an LP string in guest memory), a String out; audits in the background. */
    @GetMapping(path = "/greet/{name}", produces = MediaType.TEXT_PLAIN_VALUE)
    public Mono<String> greet(@PathVariable("name") String name) {
        return runtime.call("greet", String.class, name);
    }

    /**
     * {@code report(id)}: the guest starts {@code db.findUser(id)} (the Java {@link UserRepository}) and its own
     * {@code loyalty(id)} in parallel with the ID ABI, awaits both and returns them as one JSON document.
     */
    @GetMapping(path = "/report/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<String> report(@PathVariable("id") int id) {
        return runtime.call("report", String.class, id);
    }

    /** {@code ratio(a, b)}: integer division in the guest; {@code b = 0} traps (HTTP 500). */
    @GetMapping("/ratio/{a}/{b}")
    public Mono<Integer> ratio(@PathVariable("a") int a, @PathVariable("b") int b) {
        return runtime.call("ratio", Integer.class, a, b);
    }

    /** {@code spin()}: loops until the deadline stops it (HTTP 504) or the client goes away. */
    @GetMapping("/spin")
    public Mono<Integer> spin() {
        return runtime.call("spin", Integer.class);
    }

    /** {@code submit(n)}: starts {@code square(n)} as a future the guest owns and answers with its id. */
    @PostMapping("/jobs/{n}")
    public Mono<ResponseEntity<JobRef>> submit(@PathVariable("n") int n) {
        return runtime.call("submit", Long.class, n)
                .map(id -> ResponseEntity.created(URI.create("/jobs/" + id)).body(new JobRef(id)));
    }

    /** The job's value once it settles: the guest's future as a hot, replaying Mono (HTTP 404 once released). */
    @GetMapping(path = "/jobs/{id}", produces = MediaType.TEXT_PLAIN_VALUE)
    public Mono<String> job(@PathVariable("id") long id) {
        return runtime.future(id);
    }

    /** {@code forget(id)}: the guest releases the id; later reads answer 404. */
    @DeleteMapping("/jobs/{id}")
    public Mono<ResponseEntity<Void>> forget(@PathVariable("id") int id) {
        return runtime.call("forget", Void.class, id).then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
    }

    /** The runtime's counters: futures by outcome, guest runs in flight, instances idle/in use/created/discarded. */
    @GetMapping("/stats")
    public Mono<RuntimeStats> stats() {
        return Mono.fromSupplier(runtime::stats);
    }

    /**
     * Server-Sent Events: one {@code task} event per task the guest starts, as it settles. The stream opens
     * with a {@code subscribed} comment, sent once the runtime's outcomes are subscribed (so a client that has
     * read it misses nothing it triggers afterwards), and keeps idle connections open with heartbeat comments.
     */
    @GetMapping(path = "/tasks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<TaskEvent>> tasks() {
        Flux<ServerSentEvent<TaskEvent>> outcomes = runtime.taskOutcomes()
                .map(outcome -> ServerSentEvent.builder(TaskEvent.from(outcome))
                        .id(Long.toString(outcome.id()))
                        .event("task")
                        .build());
        Flux<ServerSentEvent<TaskEvent>> heartbeats = Flux.interval(properties.heartbeat())
                .map(tick -> ServerSentEvent.<TaskEvent>builder().comment("heartbeat").build());
        // merge subscribes in order: outcomes first, then the opening comment, then the heartbeats
        return Flux.merge(outcomes, Mono.just(ServerSentEvent.<TaskEvent>builder().comment("subscribed").build()),
                heartbeats);
    }
}

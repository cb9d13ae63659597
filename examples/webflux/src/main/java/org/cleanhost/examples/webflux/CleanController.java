package org.cleanhost.examples.webflux;

import java.net.URI;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.spring.boot.CleanObservations;
import org.cleanhost.spring.boot.CleanTaskEvents;
import org.cleanhost.spring.boot.TaskEvent;
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
 * stops the guest. The starter maps failures to problem details ({@code clean.web.problem-details: true}):
 * trap 500, deadline 504, busy 503, released future 404.
 */
@RestController
public class CleanController {
    private final CleanRuntime runtime;
    private final CleanObservations observed;
    private final CleanTaskEvents taskEvents;

    public CleanController(CleanRuntime runtime, CleanObservations observed, CleanTaskEvents taskEvents) {
        this.runtime = runtime;
        this.observed = observed;
        this.taskEvents = taskEvents;
    }

    /** {@code greet(name)}: a String in (an LP string in guest memory), a String out; audits in the background. */
    @GetMapping(path = "/greet/{name}", produces = MediaType.TEXT_PLAIN_VALUE)
    public Mono<String> greet(@PathVariable("name") String name) {
        return runtime.call("greet", String.class, name);
    }

    /**
     * {@code report(id)}: the guest starts {@code db.findUser(id)} (the Java {@link UserRepository}) and its own
     * {@code loyalty(id)} in parallel with the ID ABI, awaits both and returns them as one JSON document.
     * Observed: a trace shows the HTTP request, the guest call and the Java function under it.
     */
    @GetMapping(path = "/report/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<String> report(@PathVariable("id") int id) {
        return observed.call("report", String.class, id);
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

    /**
     * Server-Sent Events: one {@code task} event per task the guest starts, as it settles, after a
     * {@code subscribed} comment, with heartbeat comments ({@code clean.web.heartbeat}).
     */
    @GetMapping(path = "/tasks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<TaskEvent>> tasks() {
        return taskEvents.stream();
    }
}

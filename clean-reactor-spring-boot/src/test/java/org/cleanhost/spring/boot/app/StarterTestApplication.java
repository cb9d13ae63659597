package org.cleanhost.spring.boot.app;

import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.spring.boot.CleanFunction;
import org.cleanhost.spring.boot.CleanObservations;
import org.cleanhost.spring.boot.CleanTaskEvents;
import org.cleanhost.spring.boot.TaskEvent;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A Boot 4 WebFlux app as a user writes it with the starter: a Java function bean and one controller. */
@SpringBootApplication
public class StarterTestApplication {

    /** What db.findUser returns: a record with an Instant, written by the app's Jackson 3 mapper. */
    public record User(long id, String name, Instant joined) {}

    @Bean
    CleanFunction findUser() {
        return CleanFunction.of("db.findUser", args -> Mono.delay(Duration.ofMillis(5))
                .thenReturn(new User(((Number) args.get(0)).longValue(), "Ada", Instant.parse("2024-05-01T10:15:30Z"))));
    }

    /** Replaces Boot's registry so the test can read the observations. */
    @Bean
    TestObservationRegistry observationRegistry() {
        return TestObservationRegistry.create();
    }

    @RestController
    static class Controller {
        private final CleanRuntime runtime;
        private final CleanObservations observed;
        private final CleanTaskEvents events;

        Controller(CleanRuntime runtime, CleanObservations observed, CleanTaskEvents events) {
            this.runtime = runtime;
            this.observed = observed;
            this.events = events;
        }

        @GetMapping(path = "/greet/{name}", produces = MediaType.TEXT_PLAIN_VALUE)
        Mono<String> greet(@PathVariable("name") String name) {
            return runtime.call("greet", String.class, name);
        }

        @GetMapping(path = "/report/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
        Mono<String> report(@PathVariable("id") int id) {
            return observed.call("report", String.class, id);
        }

        @GetMapping("/ratio/{a}/{b}")
        Mono<Integer> ratio(@PathVariable("a") int a, @PathVariable("b") int b) {
            return runtime.call("ratio", Integer.class, a, b);
        }

        @GetMapping("/spin")
        Mono<Integer> spin() {
            return runtime.call("spin", Integer.class);
        }

        @GetMapping(path = "/tasks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
        Flux<ServerSentEvent<TaskEvent>> tasks() {
            return events.stream();
        }
    }
}

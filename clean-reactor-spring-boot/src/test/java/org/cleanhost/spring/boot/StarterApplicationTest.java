package org.cleanhost.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import org.cleanhost.spring.boot.app.StarterTestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** A real app (starter + one controller + a function bean) on a random port, through HTTP. */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "clean.module=classpath:guests/app.wasm",
                "clean.pool-size=2",
                "clean.deadline=500ms",
                "clean.web.problem-details=true",
                "clean.web.heartbeat=200ms",
                "management.endpoints.web.exposure.include=health,metrics",
                "management.endpoint.health.show-details=always"})
class StarterApplicationTest {

    @Value("http://localhost:${local.server.port}")
    String baseUrl;

    @Autowired
    TestObservationRegistry observations;

    @Autowired
    MeterRegistry meters;

    WebTestClient client;

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void servesTheGuest() {
        client.get().uri("/greet/{name}", "Grace").exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("Hello, Grace!");
    }

    @Test
    void aJavaFunctionResultIsWrittenWithTheApplicationsJsonSettings() {
        client.get().uri("/report/42").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.user.name").isEqualTo("Ada")
                .jsonPath("$.user.joined").isEqualTo("2024-05-01T10:15:30Z")
                .jsonPath("$.loyalty.points").isEqualTo(554);
    }

    @Test
    void aTraceShowsHttpRequestThenGuestCallThenJavaFunction() {
        observations.clear();
        client.get().uri("/report/7").exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> TestObservationRegistryAssert.assertThat(observations)
                .hasObservationWithNameEqualTo("http.server.requests").that().hasBeenStopped());
        TestObservationRegistryAssert.assertThat(observations)
                .hasObservationWithNameEqualTo(CleanObservations.CALL).that()
                .hasLowCardinalityKeyValue("clean.export", "report")
                .hasParentObservationContextMatching(parent -> parent.getName().equals("http.server.requests"))
                .hasBeenStopped();
        TestObservationRegistryAssert.assertThat(observations)
                .hasObservationWithNameEqualTo(CleanObservations.FUNCTION).that()
                .hasLowCardinalityKeyValue("clean.function", "db.findUser")
                .hasParentObservationContextMatching(parent -> parent.getName().equals(CleanObservations.CALL))
                .hasBeenStopped();
    }

    @Test
    void errorsAreProblemDetails() {
        client.get().uri("/ratio/1/0").exchange()
                .expectStatus().isEqualTo(500)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Guest trapped").jsonPath("$.export").isEqualTo("ratio");
        client.get().uri("/spin").exchange()
                .expectStatus().isEqualTo(504)
                .expectBody().jsonPath("$.deadlineMillis").isEqualTo(500);
    }

    @Test
    void healthShowsTheRuntime() {
        client.get().uri("/actuator/health/clean").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.details.pool.idle").isNumber()
                .jsonPath("$.details.futures.pending").isEqualTo(0)
                .jsonPath("$.details.deadlocks.total").isEqualTo(0);
    }

    @Test
    void metricsAreBound() {
        client.get().uri("/greet/{name}", "Metered").exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(5)).until(() -> meters.find("clean.futures").tag("outcome", "resolved")
                .functionCounter() != null && meters.get("clean.futures").tag("outcome", "resolved").functionCounter().count() > 0);
        client.get().uri("/actuator/metrics/clean.pool.instances").exchange().expectStatus().isOk();
    }

    @Test
    void taskOutcomesStreamAsServerSentEventsWithHeartbeats() {
        Flux<ServerSentEvent<TaskEvent>> events = client.get().uri("/tasks").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<TaskEvent>>() { })
                .getResponseBody();
        Mono<String> greeting = WebClient.create(baseUrl).get().uri("/greet/Stream").retrieve().bodyToMono(String.class)
                .cache();
        StepVerifier.create(events.filter(e -> "subscribed".equals(e.comment()) || "heartbeat".equals(e.comment())
                                || e.data() != null && "audit".equals(e.data().task()))
                        .map(e -> e.data() != null ? "task " + e.data().task() + " " + e.data().value() : e.comment())
                        .distinct()
                        .take(3)
                        .timeout(Duration.ofSeconds(10)))
                .expectNext("subscribed")
                .then(greeting::subscribe)
                .recordWith(java.util.HashSet::new)
                .expectNextCount(2)
                .consumeRecordedWith(seen -> assertThat(seen).containsExactlyInAnyOrder("task audit audited", "heartbeat"))
                .expectComplete()
                .verify(Duration.ofSeconds(15));
        StepVerifier.create(greeting).expectNext("Hello, Stream!").verifyComplete();
    }
}

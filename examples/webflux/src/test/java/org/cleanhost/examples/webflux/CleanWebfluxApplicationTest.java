package org.cleanhost.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.spring.boot.TaskEvent;
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
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The whole app on a real Netty port, through HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "clean.deadline=1s")
class CleanWebfluxApplicationTest {

    @Value("http://localhost:${local.server.port}")
    String baseUrl;

    @Autowired
    CleanRuntime runtime;

    WebTestClient client;

    @BeforeEach
    void bindToTheServer() {
        client = WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void greet() {
        client.get().uri("/greet/{name}", "Grace")
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("Hello, Grace!");
    }

    @Test
    void reportCombinesTheJavaRepositoryAndTheGuestsOwnTask() {
        client.get().uri("/report/42")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.id").isEqualTo(42)
                // from UserRepository (Java, db.findUser), through the guest, into the response
                .jsonPath("$.user.name").isEqualTo("Ada Lovelace")
                .jsonPath("$.user.email").isEqualTo("ada@example.org")
                // from the guest's loyalty(42) task: 42 * 37 % 1000 = 554
                .jsonPath("$.loyalty.points").isEqualTo(554)
                .jsonPath("$.loyalty.tier").isEqualTo("gold");
    }

    @Test
    void tasksStreamsTheOutcomeOfABackgroundTaskARequestStarted() {
        Flux<ServerSentEvent<TaskEvent>> events = client.get().uri("/tasks")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<TaskEvent>>() { })
                .getResponseBody();
        WebClient other = WebClient.create(baseUrl);
        Mono<String> greeting = other.get().uri("/greet/Stream").retrieve().bodyToMono(String.class).cache();

        StepVerifier.create(events
                        .filter(e -> "subscribed".equals(e.comment()) || e.data() != null && "audit".equals(e.data().task()))
                        .take(2)
                        .timeout(Duration.ofSeconds(10)))
                .assertNext(e -> assertThat(e.comment()).isEqualTo("subscribed"))
                // the server has subscribed to the outcomes: now fire the request (without blocking this thread,
                // which is the client's event loop)
                .then(greeting::subscribe)
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("task");
                    TaskEvent task = e.data();
                    assertThat(task.kind()).isEqualTo("BACKGROUND");
                    assertThat(task.succeeded()).isTrue();
                    assertThat(task.value()).isEqualTo("audited");
                    assertThat(e.id()).isEqualTo(Long.toString(task.id()));
                })
                .expectComplete()
                .verify(Duration.ofSeconds(15));
        StepVerifier.create(greeting).expectNext("Hello, Stream!").expectComplete().verify(Duration.ofSeconds(5));
    }

    @Test
    void nettyEventLoopsAreGuardedByBlockHound() {
        // The client shares Reactor Netty's event loops with the server: blocking there must be caught, so the
        // passing tests above show that nothing on the request path blocks an event loop.
        Flux<String> blockingOnTheEventLoop = client.get().uri("/greet/{name}", "Loop").exchange()
                .returnResult(String.class).getResponseBody()
                .map(body -> {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return body;
                });
        StepVerifier.create(blockingOnTheEventLoop)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BlockingOperationError.class)
                        .hasMessageContaining("Thread.sleep"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aTrapIsA500Problem() {
        client.get().uri("/ratio/1/0")
                .exchange()
                .expectStatus().isEqualTo(500)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Guest trapped")
                .jsonPath("$.export").isEqualTo("ratio");
    }

    @Test
    void aGuestLoopingForeverIsStoppedByTheDeadlineAsA504() {
        long discardedBefore = runtime.stats().instancesDiscarded();
        client.get().uri("/spin")
                .exchange()
                .expectStatus().isEqualTo(504)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.export").isEqualTo("spin")
                .jsonPath("$.deadlineMillis").isEqualTo(1000);
        assertThat(runtime.stats().instancesDiscarded()).isGreaterThan(discardedBefore);
    }
}

package org.cleanhost.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.reactor.RuntimeStats;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * With no deadline a looping guest runs until someone stops it: a client that goes away must. Reactor Netty
 * sees the connection close, cancels the controller's Mono, and the runtime interrupts the guest and
 * discards its instance.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clean.deadline=", "clean.pool-size=2"})
class ClientDisconnectTest {

    @Value("http://localhost:${local.server.port}")
    String baseUrl;

    @Autowired
    CleanRuntime runtime;

    @Test
    void aClientThatDisconnectsStopsTheGuestAndItsInstanceIsDiscarded() {
        RuntimeStats before = runtime.stats();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Disposable request = WebClient.create(baseUrl).get().uri("/spin").retrieve().bodyToMono(String.class)
                .subscribe(outcome::set, outcome::set);

        // the guest is running on an instance, and keeps running: nothing else would stop it
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.stats().guestRunsActive() == 1
                && runtime.stats().instancesInUse() == 1);

        request.dispose(); // the client goes away: the connection closes before any response

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            RuntimeStats stats = runtime.stats();
            assertThat(stats.guestRunsActive()).isZero();
            assertThat(stats.instancesInUse()).isZero();
            assertThat(stats.instancesDiscarded()).isEqualTo(before.instancesDiscarded() + 1);
        });
        assertThat(outcome.get()).as("the cancelled client saw nothing").isNull();

        // the pool refills: the app keeps answering
        WebTestClient.bindToServer().baseUrl(baseUrl).build()
                .get().uri("/greet/{name}", "Again").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("Hello, Again!");
    }
}

package org.cleanhost.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.reactor.RuntimeStats;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;

/**
 * The web layer only (no server; the starter adds its runtime and web helpers to {@code @WebFluxTest} slices):
 * {@link CleanController} and the starter's problem details over a real
 * {@link CleanRuntime} with one instance, a short queue wait and a short deadline, to reach every error mapping.
 */
@WebFluxTest(controllers = CleanController.class, properties = {
        "clean.pool-size=1",
        "clean.warm-up=1",
        "clean.queue.timeout=150ms",
        "clean.deadline=400ms"})
@Import({GuestFunctions.class, UserRepository.class})
class CleanControllerSliceTest {

    @Autowired
    WebTestClient client;

    @Autowired
    CleanRuntime runtime;

    @Test
    void greetPassesTheNameAsAStringAndReturnsTheGuestsString() {
        client.get().uri("/greet/{name}", "Ada")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody(String.class).isEqualTo("Hello, Ada!");
    }

    @Test
    void aTrapIsA500ProblemNamingTheExport() {
        client.get().uri("/ratio/7/0")
                .exchange()
                .expectStatus().isEqualTo(500)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(500)
                .jsonPath("$.title").isEqualTo("Guest trapped")
                .jsonPath("$.export").isEqualTo("ratio")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("divide by zero"))
                .jsonPath("$.instance").isEqualTo("/ratio/7/0");
        client.get().uri("/ratio/7/2").exchange().expectStatus().isOk().expectBody(Integer.class).isEqualTo(3);
    }

    @Test
    void aGuestPastItsDeadlineIsA504() {
        client.get().uri("/spin")
                .exchange()
                .expectStatus().isEqualTo(504)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.export").isEqualTo("spin")
                .jsonPath("$.deadlineMillis").isEqualTo(400);
    }

    @Test
    void noFreeInstanceIsA503WithRetryAfter() {
        runtime.whenIdle().block(Duration.ofSeconds(5)); // e.g. background audits of earlier greetings
        // Occupy the only instance: spin() runs until the deadline stops it.
        Disposable spinning = runtime.call("spin", Integer.class).subscribe(value -> { }, error -> { });
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> runtime.stats().instancesInUse() == 1
                    && runtime.stats().guestRunsActive() == 1);
            client.get().uri("/greet/Busy")
                    .exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.title").isEqualTo("All guest instances busy");
        } finally {
            spinning.dispose();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.stats().guestRunsActive() == 0);
        client.get().uri("/greet/Again").exchange().expectStatus().isOk();
    }

    @Test
    void jobsAreGuestOwnedFuturesReadUntilReleasedThen404() {
        JobRef job = client.post().uri("/jobs/12")
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location).startsWith("/jobs/"))
                .expectBody(JobRef.class).returnResult().getResponseBody();
        assertThat(job).isNotNull();

        // hot and replaying: every read sees the same value
        client.get().uri("/jobs/{id}", job.id()).exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("144");
        client.get().uri("/jobs/{id}", job.id()).exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("144");

        client.delete().uri("/jobs/{id}", job.id()).exchange().expectStatus().isNoContent();
        client.get().uri("/jobs/{id}", job.id())
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.futureId").isEqualTo((int) job.id());
        client.delete().uri("/jobs/{id}", job.id()).exchange().expectStatus().isNotFound();
    }

    @Test
    void aFailedJavaTaskFailsTheReportWithoutLeakingFutureIds() {
        runtime.whenIdle().block(Duration.ofSeconds(5));
        int trackedBefore = runtime.stats().futuresTracked();
        client.get().uri("/report/99") // no such user: db.findUser fails, the guest reports it and traps
                .exchange()
                .expectStatus().isEqualTo(500)
                .expectBody().jsonPath("$.export").isEqualTo("report");
        // the guest released both futures of the failed call; they are forgotten once settled
        runtime.whenIdle().block(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            RuntimeStats stats = runtime.stats();
            assertThat(stats.futuresPending()).isZero();
            assertThat(stats.futuresTracked()).isEqualTo(trackedBefore);
        });
    }
}

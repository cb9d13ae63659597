package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cleanhost.wasm.CleanCapabilityException;
import org.cleanhost.wasm.ExecutionMode;
import org.cleanhost.wasm.HttpAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * Issue 12's realistic program end to end through {@link CleanRuntime}: guests/dashboard.wat, lowered as cln
 * 0.33 lowers it, against a local HTTP service on 127.0.0.1. Three {@code later} tasks fetch JSON over HTTP,
 * pick fields with {@code _json_get}, compute with {@code math_*}, compare strings with {@code string_compare}
 * and print; a {@code background} audit posts to the service while they run. Both execution modes.
 *
 * <p>cln 0.33 awaits a {@code later} task at its line ({@code _async_await} returns the value), so the three
 * panels are fetched one after the other, each on a pooled instance of its own; what runs in parallel with
 * them is the background audit. The service proves that overlap: the audit's request is held until the last
 * panel was served, and the first panel's request is held until the audit's arrived. Both waits are bounded,
 * so a runtime that ran them in sequence fails the test after a few seconds instead of hanging.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ExecutionMode.class)
class RealisticProgramTest extends RuntimeTestSupport {
    /** What each handler waits at most for the other side of the overlap. */
    private static final long OVERLAP_WAIT_SECONDS = 5;

    static final String WEATHER = "{\"city\":\"Oslo\",\"celsius\":-3.5,\"wind\":{\"x\":3.0,\"y\":4.0}}";
    static final String ORDERS = "{\"currency\":\"EUR\",\"orders\":[{\"id\":\"A-1\",\"total\":12.5},"
            + "{\"id\":\"A-2\",\"total\":30.25},{\"id\":\"A-3\",\"total\":57.25}]}";
    static final String STATUS = "{\"service\":\"billing\",\"state\":\"degraded\",\"checks\":{\"passed\":719,\"total\":720}}";
    static final String AUDIT_REPLY = "audit #1 recorded";

    /** The program's output for the documents above, line by line. */
    static final List<String> EXPECTED = List.of(
            "Oslo: 26 F, wind 5 m/s",                    // round(-3.5 * 9 / 5 + 32), sqrt(3^2 + 4^2)
            "orders: 3, total 100 EUR, average 33.33",   // 12.5 + 30.25 + 57.25; round(100 / 3 * 100) / 100
            "billing: degraded, uptime 99.86 %",         // round(100 * 719 / 720 * 100) / 100
            "dashboard: 3 panels, alerts: 1");           // "degraded" != "ok"

    private final ExecutionMode mode;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch auditArrived = new CountDownLatch(1);
    private final CountDownLatch panelsServed = new CountDownLatch(3);
    private final AtomicBoolean weatherSawTheAudit = new AtomicBoolean();
    private final AtomicBoolean auditSawThePanels = new AtomicBoolean();
    private HttpServer server;
    private ExecutorService serverThreads;
    private String base;

    RealisticProgramTest(ExecutionMode mode) {
        this.mode = mode;
    }

    @BeforeEach
    void startTheService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool(); // the held requests need a thread each
        server.setExecutor(serverThreads);
        server.createContext("/weather", exchange -> {
            requests.add("GET /weather");
            weatherSawTheAudit.set(await(auditArrived));
            panelsServed.countDown();
            reply(exchange, WEATHER);
        });
        server.createContext("/orders", exchange -> {
            requests.add("GET /orders");
            panelsServed.countDown();
            reply(exchange, ORDERS);
        });
        server.createContext("/status", exchange -> {
            requests.add("GET /status");
            panelsServed.countDown();
            reply(exchange, STATUS);
        });
        server.createContext("/audit", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " /audit " + body);
            auditArrived.countDown();
            auditSawThePanels.set(await(panelsServed));
            reply(exchange, AUDIT_REPLY);
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopTheService() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private CleanRuntime.Builder dashboard(HttpAccess access) {
        return CleanRuntime.builder(Guests.module(Guests.DASHBOARD, mode))
                .console(console)
                .input(prompt -> base) // each task reads the service's URL from its input (see dashboard.wat)
                .httpAccess(access)
                .poolSize(4)
                .deadline(Duration.ofSeconds(20));
    }

    @Test
    void printsTheDashboardFromThreeLaterTasksWhileTheBackgroundAuditOverlapsThem() {
        CleanRuntime runtime = track(dashboard(HttpAccess.allowHosts("127.0.0.1")).build());
        List<TaskOutcome> background = new CopyOnWriteArrayList<>();
        Disposable outcomes = runtime.taskOutcomes(TaskOutcome.Kind.BACKGROUND).subscribe(background::add);
        try {
            StepVerifier.create(runtime.call("start", Void.class)).expectComplete().verify(Duration.ofSeconds(30));
            RuntimeStats stats = idleStats(runtime); // whenIdle: the audit settled and its outcome was delivered

            assertEquals(EXPECTED, console.lines());

            // the background audit: one outcome, a success whose value is the service's reply to its POST
            assertEquals(1, background.size(), background::toString);
            TaskOutcome audit = background.get(0);
            assertEquals("auditTrail", audit.task());
            assertTrue(audit.succeeded(), () -> audit.errorType() + ": " + audit.errorMessage());
            assertEquals(AUDIT_REPLY, audit.value());

            // the service saw the panels in program order (each `later` is awaited at its line) and one audit
            assertEquals(List.of("GET /weather", "GET /orders", "GET /status"),
                    requests.stream().filter(r -> r.startsWith("GET ")).toList());
            assertEquals(List.of("POST /audit dashboard viewed"),
                    requests.stream().filter(r -> r.startsWith("POST ")).toList());
            assertTrue(weatherSawTheAudit.get(), "the audit's request arrived while the first panel was being fetched");
            assertTrue(auditSawThePanels.get(), "all three panels were served while the audit's request was held");

            // each panel ran on a pooled instance of its own, not on the thread start: waits on
            List<String> threads = console.threads();
            assertEquals(4, threads.size(), threads::toString);
            String startThread = threads.get(3);
            for (int i = 0; i < 3; i++) {
                assertNotEquals(startThread, threads.get(i), "panel " + i + " printed on start's thread: " + threads);
            }
            assertEquals(4, stats.futuresCreated(), "three later tasks and one background task: " + stats);
            assertEquals(4, stats.futuresResolved(), stats::toString);
            assertTrue(stats.instancesCreated() >= 3, "start, the held audit and the panels: " + stats);
            assertEquals(0, stats.instancesDiscarded(), stats::toString);
        } finally {
            outcomes.dispose();
        }
    }

    @Test
    void aServiceOutsideTheAllowListEndsTheProgramTypedAndSendsNothing() {
        CleanRuntime runtime = track(dashboard(HttpAccess.allowHosts("api.example.com")).build());
        List<TaskOutcome> background = new CopyOnWriteArrayList<>();
        Disposable outcomes = runtime.taskOutcomes(TaskOutcome.Kind.BACKGROUND).subscribe(background::add);
        try {
            StepVerifier.create(runtime.call("start", Void.class))
                    .expectErrorSatisfies(e -> {
                        CleanCapabilityException refused = capabilityIn(e);
                        assertNotNull(refused, () -> "no CleanCapabilityException in the failure chain of " + e);
                        assertEquals("env.http_get", refused.where());
                        assertEquals("127.0.0.1", refused.target());
                        assertEquals("env.http_get: HTTP access to host '127.0.0.1' is not allowed (allowed: api.example.com)",
                                refused.getMessage());
                    })
                    .verify(VERIFY);
            idleStats(runtime);

            assertEquals(List.of(), requests, "nothing was sent");
            assertEquals(List.of(), console.lines(), "the first panel failed before it printed");
            assertEquals(1, background.size(), background::toString);
            TaskOutcome audit = background.get(0);
            assertEquals("auditTrail", audit.task());
            assertFalse(audit.succeeded(), "the audit was refused as well");
            assertTrue(audit.errorMessage().contains("env.http_post: HTTP access to host '127.0.0.1' is not allowed"),
                    audit::errorMessage);
        } finally {
            outcomes.dispose();
        }
    }

    private static CleanCapabilityException capabilityIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CleanCapabilityException) {
                return (CleanCapabilityException) t;
            }
        }
        return null;
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(OVERLAP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void reply(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

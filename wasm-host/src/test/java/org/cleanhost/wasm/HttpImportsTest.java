package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP client imports against guests/http.wat and a local server on 127.0.0.1 (started and stopped per
 * test; every request the tests make goes there), in both execution modes.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ExecutionMode.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpImportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecutionMode mode;
    private final Guests.Console console = new Guests.Console();
    private HttpServer server;
    private ExecutorService serverThreads;
    private CountDownLatch slowStarted;
    private String base;
    private CleanInstance guest;

    HttpImportsTest(ExecutionMode mode) {
        this.mode = mode;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        serverThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(serverThreads);
        slowStarted = new CountDownLatch(1);
        server.createContext("/hello", ex -> {
            ex.getResponseHeaders().add("X-Greeting", "hi");
            respond(ex, 200, "hello from 127.0.0.1");
        });
        server.createContext("/agent", ex -> respond(ex, 200, String.valueOf(ex.getRequestHeaders().getFirst("User-Agent"))));
        server.createContext("/missing", ex -> respond(ex, 404, "no such page"));
        server.createContext("/echo", ex -> respond(ex, 200, echo(ex)));
        server.createContext("/redirect", ex -> {
            Map<String, String> q = query(ex);
            ex.getResponseHeaders().add("Location", q.getOrDefault("to", "/hello"));
            respond(ex, Integer.parseInt(q.getOrDefault("code", "302")), "");
        });
        server.createContext("/loop", ex -> {
            ex.getResponseHeaders().add("Location", "/loop");
            respond(ex, 302, "again");
        });
        server.createContext("/set-cookie", ex -> {
            ex.getResponseHeaders().add("Set-Cookie", "session=abc; Path=/");
            respond(ex, 200, "cookie set");
        });
        server.createContext("/slow", ex -> {
            slowStarted.countDown();
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "late");
        });
        server.createContext("/big", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[1 << 20];
                for (int i = 0; i < 17; i++) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client gave up, as it should
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        guest = host(HttpAccess.allowHosts("127.0.0.1")).newInstance();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.stop(0);
        serverThreads.shutdownNow();
        assertTrue(serverThreads.awaitTermination(10, TimeUnit.SECONDS), "server threads stop");
    }

    private CleanHost host(HttpAccess access) {
        return CleanHost.builder(Guests.module("http", mode)).console(console).httpAccess(access).build();
    }

    @Test
    void reportPrintsTheExpectedOutput() {
        guest.call("report", Void.class, base);
        assertEquals("hello from 127.0.0.1\n"
                + "status 200\n"
                + "{\"method\":\"POST\",\"path\":\"/echo\",\"query\":\"\",\"body\":\"{\\\"n\\\":1}\",\"content-type\":\"application/json\"}\n"
                + "no such page\n"
                + "status 404\n"
                + "a+b%26c%3Dd%2F%C3%A9\n"
                + "q=x+y&n=2\n", console.out());
    }

    @Test
    void everyRequestImportSendsItsMethodBodyAndHeaders() throws IOException {
        String url = base + "/echo?x=1";
        assertEcho(guest.call("get", String.class, url), "GET", "", null);
        assertEcho(guest.call("delete", String.class, url), "DELETE", "", null);
        assertEcho(guest.call("post", String.class, url, "p"), "POST", "p", null);
        assertEcho(guest.call("put", String.class, url, "u"), "PUT", "u", null);
        assertEcho(guest.call("patch", String.class, url, "ä"), "PATCH", "ä", null);
        assertEcho(guest.call("post_json", String.class, url, "{}"), "POST", "{}", "application/json");
        assertEcho(guest.call("put_json", String.class, url, "[]"), "PUT", "[]", "application/json");
        assertEcho(guest.call("patch_json", String.class, url, "1"), "PATCH", "1", "application/json");
        assertEcho(guest.call("post_form", String.class, url, "a=1&b=2"), "POST", "a=1&b=2", "application/x-www-form-urlencoded");
        String headers = "{\"X-Test\":\"yes\",\"X-Number\":7}";
        JsonNode get = assertEcho(guest.call("get_with_headers", String.class, url, headers), "GET", "", null);
        assertEquals("yes", get.path("x-test").asText());
        assertEquals("7", get.path("x-number").asText(), "non-string header values are sent as JSON text");
        assertEquals("yes", assertEcho(guest.call("delete_with_headers", String.class, url, headers), "DELETE", "", null).path("x-test").asText());
        assertEquals("yes", assertEcho(guest.call("post_with_headers", String.class, url, "b", headers), "POST", "b", null).path("x-test").asText());
        assertEquals("yes", assertEcho(guest.call("put_with_headers", String.class, url, "b", headers), "PUT", "b", null).path("x-test").asText());
        JsonNode patch = assertEcho(guest.call("patch_with_headers", String.class, url, "b",
                "{\"Content-Type\":\"text/plain\"}"), "PATCH", "b", "text/plain");
        assertEquals("x=1", patch.path("query").asText());
        assertEquals(200, guest.call("status", Integer.class));
    }

    @Test
    void headAndOptionsReturnTheResponseHeadersAsJson() throws IOException {
        JsonNode head = JSON.readTree(guest.call("head", String.class, base + "/hello"));
        assertEquals("hi", head.path("x-greeting").asText());
        assertEquals(200, guest.call("status", Integer.class));
        JsonNode options = JSON.readTree(guest.call("options", String.class, base + "/echo"));
        assertEquals("application/json", options.path("content-type").asText());
        assertEquals(options, JSON.readTree(guest.call("last_headers", String.class)));
    }

    @Test
    void nonSuccessStatusStillReturnsTheBody() throws IOException {
        assertEquals("no such page", guest.call("get", String.class, base + "/missing"));
        assertEquals(404, guest.call("status", Integer.class));
        assertEquals("no such page", guest.call("last_body", String.class));
        assertTrue(JSON.readTree(guest.call("last_headers", String.class)).has("content-length"));
    }

    @Test
    void networkFailureReturnsEmptyAndStatusZero() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        guest.call("get", String.class, base + "/hello");
        assertEquals(200, guest.call("status", Integer.class));
        assertEquals("", guest.call("get", String.class, "http://127.0.0.1:" + closedPort + "/x"));
        assertEquals(0, guest.call("status", Integer.class));
        assertEquals("", guest.call("last_body", String.class));
        assertEquals("{}", guest.call("last_headers", String.class));
        assertFalse(guest.isBroken());
    }

    @Test
    void timeoutEndsTheRequestAsANetworkFailure() {
        guest.call("set_timeout", Void.class, 300);
        long started = System.nanoTime();
        assertEquals("", guest.call("get", String.class, base + "/slow"));
        assertEquals(0, guest.call("status", Integer.class));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "the 300 ms timeout applied");
        assertFalse(guest.isBroken());
    }

    @Test
    void theCallsDeadlineCancelsTheRequest() {
        long started = System.nanoTime();
        assertThrows(CleanTimeoutException.class, () -> guest.call(Duration.ofMillis(400), "get", String.class, base + "/slow"));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "the deadline, not the 30 s timeout, ended it");
        assertTrue(guest.isBroken());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void interruptingTheGuestsThreadCancelsTheRequest() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                guest.call("get", String.class, base + "/slow");
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        caller.start();
        assertTrue(slowStarted.await(10, TimeUnit.SECONDS), "the request reached the server");
        caller.interrupt();
        caller.join(10_000);
        assertFalse(caller.isAlive(), "the guest call ended");
        assertTrue(failure.get() instanceof CleanInterruptedException, String.valueOf(failure.get()));
    }

    @Test
    void redirectsAreFollowedUpToTheLimit() {
        assertEquals("hello from 127.0.0.1", guest.call("get", String.class, base + "/redirect?to=/hello"));
        assertEquals(200, guest.call("status", Integer.class));
        assertEquals("again", guest.call("get", String.class, base + "/loop"));
        assertEquals(302, guest.call("status", Integer.class), "after 10 redirects the last 302 is the answer");
        assertEquals("", guest.call("get", String.class, base + "/redirect?to=ftp://127.0.0.1/file"));
        assertEquals(302, guest.call("status", Integer.class), "a redirect to a non-http URL is the answer, not an error");
        guest.call("set_max_redirects", Void.class, 0);
        assertEquals("", guest.call("get", String.class, base + "/redirect?to=/hello&code=307"));
        assertEquals(307, guest.call("status", Integer.class));
        guest.call("set_max_redirects", Void.class, -1);
        assertEquals("hello from 127.0.0.1", guest.call("get", String.class, base + "/redirect?to=/hello"), "negative: back to the default");
    }

    @Test
    void redirectMethodsFollowTheStatusCode() throws IOException {
        JsonNode see = JSON.readTree(guest.call("post", String.class, base + "/redirect?to=/echo&code=303", "data"));
        assertEquals("GET", see.path("method").asText());
        assertEquals("", see.path("body").asText());
        JsonNode keep = JSON.readTree(guest.call("post", String.class, base + "/redirect?to=/echo&code=307", "data"));
        assertEquals("POST", keep.path("method").asText());
        assertEquals("data", keep.path("body").asText());
    }

    @Test
    void cookiesAreKeptOnlyWhenEnabled() throws IOException {
        guest.call("get", String.class, base + "/set-cookie");
        assertTrue(JSON.readTree(guest.call("get", String.class, base + "/echo")).path("cookie").isMissingNode());
        guest.call("enable_cookies", Void.class, 1);
        guest.call("get", String.class, base + "/set-cookie");
        assertEquals("session=abc", JSON.readTree(guest.call("get", String.class, base + "/echo")).path("cookie").asText());
        guest.call("enable_cookies", Void.class, 0);
        assertTrue(JSON.readTree(guest.call("get", String.class, base + "/echo")).path("cookie").isMissingNode(), "off clears the jar");
    }

    @Test
    void userAgentIsSentUntilReset() {
        guest.call("set_user_agent", Void.class, "clean-test/1.0");
        assertEquals("clean-test/1.0", guest.call("get", String.class, base + "/agent"));
        guest.call("set_user_agent", Void.class, "");
        assertTrue(guest.call("get", String.class, base + "/agent").startsWith("Java-http-client"), "back to the JDK's default");
    }

    @Test
    void urlHelpers() {
        assertEquals("a+b%26c%3Dd%2F%C3%A9", guest.call("encode_url", String.class, "a b&c=d/é"));
        assertEquals("a b&c=d/é", guest.call("decode_url", String.class, "a+b%26c%3Dd%2F%C3%A9"));
        assertEquals("100% sure %zz", guest.call("decode_url", String.class, "100%25+sure+%zz"), "malformed escapes stay");
        assertEquals("q=x+y&n=2&list=%5B1%2C2%5D&none=null", guest.call("build_query", String.class,
                "{\"q\":\"x y\",\"n\":2,\"list\":[1,2],\"none\":null}"));
        assertEquals("", guest.call("build_query", String.class, "[1,2]"));
    }

    // ---- the capability

    @Test
    void disabledByDefaultWithATypedErrorNamingTheHost() {
        CleanInstance plain = CleanHost.builder(Guests.module("http", mode)).console(console).build().newInstance();
        CleanCapabilityException e = assertThrows(CleanCapabilityException.class, () -> plain.call("get", String.class, base + "/hello"));
        assertEquals("127.0.0.1", e.target());
        assertEquals("env.http_get", e.where());
        assertTrue(e.getMessage().contains("disabled") && e.getMessage().contains("httpAccess"), e.getMessage());
        assertTrue(plain.isBroken());
    }

    @Test
    void hostsOutsideTheAllowListAreRefusedBeforeAnythingIsSent() {
        CleanInstance other = host(HttpAccess.allowHosts("example.org")).newInstance();
        CleanCapabilityException e = assertThrows(CleanCapabilityException.class, () -> other.call("post_json", String.class, base + "/echo", "{}"));
        assertEquals("127.0.0.1", e.target());
        assertTrue(e.getMessage().contains("allowed: example.org"), e.getMessage());
    }

    @Test
    void redirectsToOtherHostsAreCheckedToo() {
        String elsewhere = "http://localhost:" + server.getAddress().getPort() + "/hello";
        CleanCapabilityException e = assertThrows(CleanCapabilityException.class,
                () -> guest.call("get", String.class, base + "/redirect?to=" + elsewhere));
        assertEquals("localhost", e.target());
    }

    // ---- bad input

    @Test
    void badUrlsAreTypedErrors() {
        CleanAbiException e = assertThrows(CleanAbiException.class, () -> guest.call("get", String.class, "http://127.0.0.1/a b"));
        assertTrue(e.getMessage().contains("invalid URL"), e.getMessage());
        CleanInstance other = host(HttpAccess.allowHosts("127.0.0.1")).newInstance();
        CleanAbiException scheme = assertThrows(CleanAbiException.class, () -> other.call("get", String.class, "file:///etc/passwd"));
        assertTrue(scheme.getMessage().contains("not http or https"), scheme.getMessage());
    }

    @Test
    void badHeadersAreTypedErrors() {
        CleanAbiException e = assertThrows(CleanAbiException.class, () -> guest.call("get_with_headers", String.class, base + "/echo", "{oops"));
        assertEquals("env.http_get_with_headers", e.where());
        assertTrue(e.getMessage().contains("headers must be a JSON object"), e.getMessage());
        CleanInstance other = host(HttpAccess.allowHosts("127.0.0.1")).newInstance();
        CleanAbiException restricted = assertThrows(CleanAbiException.class,
                () -> other.call("get_with_headers", String.class, base + "/echo", "{\"Host\":\"evil\"}"));
        assertTrue(restricted.getMessage().contains("'Host'"), restricted.getMessage());
        CleanInstance third = host(HttpAccess.allowHosts("127.0.0.1")).newInstance();
        assertThrows(CleanAbiException.class, () -> third.call("build_query", String.class, "{not json"));
    }

    @Test
    void oversizedResponsesFailTheCall() {
        CleanHostFunctionException e = assertThrows(CleanHostFunctionException.class, () -> guest.call("get", String.class, base + "/big"));
        assertEquals("env.http_get", e.importName());
        assertTrue(e.getMessage().contains("larger than " + HttpImports.MAX_RESPONSE_BYTES), e.getMessage());
    }

    @Test
    void httpAccessValidatesAndNormalizesHosts() {
        HttpAccess access = HttpAccess.allowHosts(" API.Example.com ", "[::1]", "127.0.0.1");
        assertEquals(List.of("127.0.0.1", "::1", "api.example.com"), List.copyOf(access.hosts()));
        assertTrue(access.allows("api.EXAMPLE.com") && access.allows("[::1]") && access.allows("::1"));
        assertFalse(access.allows("example.com") || access.allows(null));
        assertFalse(HttpAccess.none().isEnabled());
        assertThrows(IllegalArgumentException.class, HttpAccess::allowHosts);
        assertThrows(IllegalArgumentException.class, () -> HttpAccess.allowHosts("host:8080"));
        assertThrows(IllegalArgumentException.class, () -> HttpAccess.allowHosts("127.0.0.1:8080"));
        assertThrows(IllegalArgumentException.class, () -> HttpAccess.allowHosts("http://host"));
        assertThrows(IllegalArgumentException.class, () -> HttpAccess.allowHosts(" "));
        assertThrows(NullPointerException.class, () -> HttpAccess.allowHosts((String) null));
    }

    private static JsonNode assertEcho(String response, String method, String body, String contentType) throws IOException {
        JsonNode echo = JSON.readTree(response);
        assertEquals(method, echo.path("method").asText(), response);
        assertEquals(body, echo.path("body").asText(), response);
        if (contentType == null) {
            assertTrue(echo.path("content-type").isMissingNode(), response);
        } else {
            assertEquals(contentType, echo.path("content-type").asText(), response);
        }
        return echo;
    }

    /** The request as JSON: method, path, query, body and the headers tests look at. */
    private static String echo(HttpExchange ex) throws IOException {
        ObjectNode echo = JSON.createObjectNode();
        echo.put("method", ex.getRequestMethod());
        echo.put("path", ex.getRequestURI().getPath());
        echo.put("query", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
        echo.put("body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        for (String name : List.of("Content-Type", "Cookie", "X-Test", "X-Number")) {
            String value = ex.getRequestHeaders().getFirst(name);
            if (value != null) {
                echo.put(name.toLowerCase(java.util.Locale.ROOT), value);
            }
        }
        return JSON.writeValueAsString(echo);
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new java.util.HashMap<>();
        String raw = ex.getRequestURI().getQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                q.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return q;
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.getResponseHeaders().add("Content-Type", status == 200 && body.startsWith("{") ? "application/json" : "text/plain");
            ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }
}

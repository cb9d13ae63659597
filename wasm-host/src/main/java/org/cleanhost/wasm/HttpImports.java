package org.cleanhost.wasm;

import static org.cleanhost.wasm.ValueKind.I32;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client imports of cln 0.33 (category {@code http_client}), on the JDK's {@link HttpClient}.
 *
 * <p>Requests go out with {@code sendAsync}: no thread is held while the exchange is in flight; the guest's
 * own thread waits for the answer. Interrupting that thread (the call's deadline, a cancellation) cancels
 * the request and ends the guest call as an interrupt. Every request, and every redirect it follows, is
 * checked against the host's {@link HttpAccess}; a refused host is a {@link CleanCapabilityException}.
 *
 * <p>As in Clean's hosts, a request import returns the response body whatever the status (the status is
 * {@code http_get_response_code}); a network failure or timeout returns "" and sets the status to 0.
 * Settings ({@code http_set_*}) and the last response are per instance. docs/abi.md, "HTTP client imports".
 */
final class HttpImports {
    static final int DEFAULT_TIMEOUT_MS = 30_000;
    static final int DEFAULT_MAX_REDIRECTS = 10;
    /** Largest response body accepted; a larger one fails the guest call (guest memory could not hold it anyway). */
    static final int MAX_RESPONSE_BYTES = 16 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(HttpImports.class);
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";

    private HttpImports() {}

    /** Per-instance client settings and the last response, as the {@code http_*} getters report them. */
    static final class State {
        int timeoutMs = DEFAULT_TIMEOUT_MS;
        int maxRedirects = DEFAULT_MAX_REDIRECTS;
        String userAgent;
        CookieManager cookies;
        int status;
        String body = "";
        String headers = "{}";

        void failed() {
            status = 0;
            body = "";
            headers = "{}";
        }
    }

    /** One client for all hosts: redirects and cookies are handled here, per request and per instance. */
    private static final class Client {
        static final HttpClient INSTANCE = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private enum Shape {
        URL(2), URL_BODY(4), URL_HEADERS(4), URL_BODY_HEADERS(6);

        final int arity;

        Shape(int arity) {
            this.arity = arity;
        }

        boolean body() {
            return this == URL_BODY || this == URL_BODY_HEADERS;
        }

        boolean headers() {
            return this == URL_HEADERS || this == URL_BODY_HEADERS;
        }
    }

    static List<ImportSpec> specs(HttpAccess access) {
        List<ImportSpec> specs = new ArrayList<>();
        specs.add(exchange(access, "http_get", "GET", Shape.URL, null, false));
        specs.add(exchange(access, "http_post", "POST", Shape.URL_BODY, null, false));
        specs.add(exchange(access, "http_put", "PUT", Shape.URL_BODY, null, false));
        specs.add(exchange(access, "http_patch", "PATCH", Shape.URL_BODY, null, false));
        specs.add(exchange(access, "http_delete", "DELETE", Shape.URL, null, false));
        specs.add(exchange(access, "http_head", "HEAD", Shape.URL, null, true));
        specs.add(exchange(access, "http_options", "OPTIONS", Shape.URL, null, true));
        specs.add(exchange(access, "http_post_json", "POST", Shape.URL_BODY, JSON, false));
        specs.add(exchange(access, "http_put_json", "PUT", Shape.URL_BODY, JSON, false));
        specs.add(exchange(access, "http_patch_json", "PATCH", Shape.URL_BODY, JSON, false));
        specs.add(exchange(access, "http_post_form", "POST", Shape.URL_BODY, FORM, false));
        specs.add(exchange(access, "http_get_with_headers", "GET", Shape.URL_HEADERS, null, false));
        specs.add(exchange(access, "http_post_with_headers", "POST", Shape.URL_BODY_HEADERS, null, false));
        specs.add(exchange(access, "http_put_with_headers", "PUT", Shape.URL_BODY_HEADERS, null, false));
        specs.add(exchange(access, "http_patch_with_headers", "PATCH", Shape.URL_BODY_HEADERS, null, false));
        specs.add(exchange(access, "http_delete_with_headers", "DELETE", Shape.URL_HEADERS, null, false));
        specs.add(ImportSpec.of("env", "http_set_user_agent", "User-Agent for later requests (\"\" = default)", List.of(I32, I32), List.of(), (c, a) -> {
            String agent = c.memory().readUtf8("env.http_set_user_agent", a[0], a[1]);
            state(c).userAgent = agent.isEmpty() ? null : agent;
            return new long[0];
        }));
        specs.add(ImportSpec.of("env", "http_set_timeout", "request timeout in ms (<= 0: default 30000)", List.of(I32), List.of(), (c, a) -> {
            state(c).timeoutMs = (int) a[0] <= 0 ? DEFAULT_TIMEOUT_MS : (int) a[0];
            return new long[0];
        }));
        specs.add(ImportSpec.of("env", "http_set_max_redirects", "redirects followed (< 0: default 10)", List.of(I32), List.of(), (c, a) -> {
            state(c).maxRedirects = (int) a[0] < 0 ? DEFAULT_MAX_REDIRECTS : (int) a[0];
            return new long[0];
        }));
        specs.add(ImportSpec.of("env", "http_enable_cookies", "per-instance cookie jar on/off (off clears it)", List.of(I32), List.of(), (c, a) -> {
            State s = state(c);
            if (a[0] == 0) {
                s.cookies = null;
            } else if (s.cookies == null) {
                s.cookies = new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER);
            }
            return new long[0];
        }));
        specs.add(ImportSpec.of("env", "http_get_response_code", "status of the last response (0: none or failed)", List.of(), List.of(I32), (c, a) ->
                new long[] {state(c).status}));
        specs.add(ImportSpec.of("env", "http_get_response_body", "body of the last response", List.of(), List.of(I32), (c, a) ->
                new long[] {c.memory().writeLp("env.http_get_response_body", state(c).body)}));
        specs.add(ImportSpec.of("env", "http_get_response_headers", "headers of the last response as a JSON object", List.of(), List.of(I32), (c, a) ->
                new long[] {c.memory().writeLp("env.http_get_response_headers", state(c).headers)}));
        specs.add(ImportSpec.of("env", "http_encode_url", "form-urlencodes a string (space as +)", List.of(I32, I32), List.of(I32), (c, a) -> {
            String where = "env.http_encode_url";
            return new long[] {c.memory().writeLp(where, URLEncoder.encode(c.memory().readUtf8(where, a[0], a[1]), StandardCharsets.UTF_8))};
        }));
        specs.add(ImportSpec.of("env", "http_decode_url", "decodes %XX and + (malformed escapes kept)", List.of(I32, I32), List.of(I32), (c, a) -> {
            String where = "env.http_decode_url";
            return new long[] {c.memory().writeLp(where, decodeUrl(c.memory().readUtf8(where, a[0], a[1])))};
        }));
        specs.add(ImportSpec.of("env", "http_build_query", "a=1&b=x from a JSON object", List.of(I32, I32), List.of(I32), (c, a) -> {
            String where = "env.http_build_query";
            return new long[] {c.memory().writeLp(where, buildQuery(where, c.memory().readUtf8(where, a[0], a[1])))};
        }));
        return List.copyOf(specs);
    }

    private static State state(CleanInstance caller) {
        return caller.local(State.class, State::new);
    }

    private static ImportSpec exchange(HttpAccess access, String name, String method, Shape shape, String contentType, boolean returnsHeaders) {
        String where = "env." + name;
        List<ValueKind> params = new ArrayList<>();
        for (int i = 0; i < shape.arity; i++) {
            params.add(I32);
        }
        String summary = method + (shape.body() ? " with a body" : "") + (shape.headers() ? " with JSON headers" : "")
                + (contentType != null ? " as " + contentType : "") + (returnsHeaders ? "; returns the headers as JSON" : "; returns the body");
        return ImportSpec.of("env", name, summary, params, List.of(I32), (c, a) -> {
            GuestMemory memory = c.memory();
            String url = memory.readUtf8(where, a[0], a[1]);
            String body = shape.body() ? memory.readUtf8(where, a[2], a[3]) : null;
            Map<String, String> headers = shape.headers()
                    ? headers(where, memory.readUtf8(where, a[shape.arity - 2], a[shape.arity - 1])) : Map.of();
            State state = state(c);
            send(where, access, state, method, url, body, contentType, headers);
            return new long[] {memory.writeLp(where, returnsHeaders ? state.headers : state.body)};
        });
    }

    /** Performs the exchange, following redirects, and records the outcome in {@code state}. */
    static void send(String where, HttpAccess access, State state, String method, String url, String body,
            String contentType, Map<String, String> headers) {
        URI uri = target(where, access, url);
        String currentMethod = method;
        String currentBody = body;
        Map<String, String> currentHeaders = headers;
        for (int redirects = 0; ; redirects++) {
            HttpRequest request = request(where, state, uri, currentMethod, currentBody, contentType, currentHeaders);
            HttpResponse<byte[]> response;
            try {
                response = await(where, Client.INSTANCE.sendAsync(request, info -> new LimitedBody(MAX_RESPONSE_BYTES)));
            } catch (IOException e) {
                LOG.debug("{}: {} {} failed: {}", where, currentMethod, uri, e.toString());
                state.failed();
                return;
            }
            if (state.cookies != null) {
                try {
                    state.cookies.put(uri, response.headers().map());
                } catch (IOException e) {
                    LOG.debug("{}: cookies of {} not stored: {}", where, uri, e.toString());
                }
            }
            int code = response.statusCode();
            Optional<String> location = response.headers().firstValue("location");
            if (isRedirect(code) && location.isPresent() && redirects < state.maxRedirects) {
                URI next = redirectTarget(uri, location.get());
                if (next != null) { // else an unusable Location: the redirect response is the answer
                    checkAccess(where, access, next);
                    if (code == 301 || code == 302 || code == 303) {
                        currentMethod = currentMethod.equals("HEAD") ? "HEAD" : "GET";
                        currentBody = null;
                    }
                    if (!next.getHost().equalsIgnoreCase(uri.getHost())) {
                        currentHeaders = withoutCredentials(currentHeaders);
                    }
                    uri = next;
                    continue;
                }
            }
            state.status = code;
            state.body = new String(response.body(), StandardCharsets.UTF_8);
            state.headers = headersJson(response.headers());
            return;
        }
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    private static Map<String, String> withoutCredentials(Map<String, String> headers) {
        Map<String, String> kept = new LinkedHashMap<>(headers);
        kept.keySet().removeIf(name -> name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("cookie"));
        return kept;
    }

    /** Parses and checks the URL: http or https, a host, and the host allowed. */
    private static URI target(String where, HttpAccess access, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new CleanAbiException(where, "invalid URL '" + url + "': " + e.getReason());
        }
        if (!isHttp(uri)) {
            throw new CleanAbiException(where, "URL '" + url + "' is not http or https");
        }
        if (uri.getHost() == null) {
            throw new CleanAbiException(where, "URL '" + url + "' has no host name");
        }
        checkAccess(where, access, uri);
        return uri;
    }

    private static boolean isHttp(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    /** Where a redirect's Location leads, or null when it is not an http(s) URL with a host. */
    private static URI redirectTarget(URI from, String location) {
        try {
            URI next = from.resolve(new URI(location));
            return isHttp(next) && next.getHost() != null ? next : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void checkAccess(String where, HttpAccess access, URI uri) {
        String host = uri.getHost();
        if (!access.allows(host)) {
            throw new CleanCapabilityException(where, host, access.isEnabled()
                    ? "HTTP access to host '" + host + "' is not allowed (allowed: " + String.join(", ", access.hosts()) + ")"
                    : "HTTP access to host '" + host + "' is not allowed: HTTP is disabled on this host "
                            + "(enable it with CleanHost.Builder.httpAccess(HttpAccess.allowHosts(...)))");
        }
    }

    private static HttpRequest request(String where, State state, URI uri, String method, String body,
            String contentType, Map<String, String> headers) {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(state.timeoutMs));
        } catch (IllegalArgumentException e) {
            throw new CleanAbiException(where, "URL '" + uri + "' cannot be requested: " + e.getMessage());
        }
        try {
            if (state.userAgent != null) {
                builder.setHeader("User-Agent", state.userAgent);
            }
            if (contentType != null && body != null) {
                builder.setHeader("Content-Type", contentType);
            }
            if (state.cookies != null) {
                List<String> cookies = state.cookies.get(uri, Map.of()).getOrDefault("Cookie", List.of());
                if (!cookies.isEmpty()) {
                    builder.setHeader("Cookie", String.join("; ", cookies));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CleanAbiException(where, "cannot set a request header: " + e.getMessage());
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            try {
                builder.setHeader(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                throw new CleanAbiException(where, "header '" + header.getKey() + "' cannot be sent: " + e.getMessage());
            }
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return builder.build();
    }

    /**
     * Waits on the guest's thread. An interrupt cancels the exchange, keeps the flag and ends the guest call
     * (as {@code _server_sleep} does); a network failure is an {@link IOException}.
     */
    private static <T> T await(String where, CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException("interrupted in " + where);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ResponseTooLarge) {
                throw new CleanHostFunctionException(where, cause);
            }
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw new IOException(cause);
        }
    }

    /** The headers as a JSON object: lower-case names, sorted, repeated values joined with ", ". */
    static String headersJson(HttpHeaders headers) {
        Map<String, String> map = new TreeMap<>();
        for (Map.Entry<String, List<String>> entry : headers.map().entrySet()) {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            if (!name.startsWith(":")) {
                map.merge(name, String.join(", ", entry.getValue()), (x, y) -> x + ", " + y);
            }
        }
        return BoxedValues.compact(BoxedValues.MAPPER.valueToTree(map));
    }

    /** The guest's headers argument: a JSON object (or "" for none); values that are not strings are sent as JSON text. */
    static Map<String, String> headers(String where, String json) {
        if (json.isBlank()) {
            return Map.of();
        }
        BoxedValues.Parsed parsed = BoxedValues.parse(where, json);
        if (parsed.value() == null || !parsed.value().isObject()) {
            throw new CleanAbiException(where, "headers must be a JSON object, got '" + abbreviate(json) + "'"
                    + (parsed.error() != null ? " (" + parsed.error() + ")" : ""));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = parsed.value().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (!value.isNull()) {
                headers.put(entry.getKey(), value.isTextual() ? value.textValue() : BoxedValues.compact(value));
            }
        }
        return headers;
    }

    /** {@code k=v&...} from a JSON object, both form-urlencoded; a JSON value that is not an object gives "". */
    static String buildQuery(String where, String json) {
        BoxedValues.Parsed parsed = BoxedValues.parse(where, json);
        if (parsed.value() == null) {
            throw new CleanAbiException(where, "parameters are not JSON: " + parsed.error());
        }
        if (!parsed.value().isObject()) {
            return "";
        }
        StringBuilder query = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = parsed.value().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value.isTextual() ? value.textValue() : BoxedValues.compact(value), StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    /** Percent-decoding as form-urlencoded: {@code +} is a space, {@code %XX} a byte, a malformed escape stays as it is. */
    static String decodeUrl(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    /** The response was larger than {@link #MAX_RESPONSE_BYTES}. */
    private static final class ResponseTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        ResponseTooLarge(int limit) {
            super("response body larger than " + limit + " bytes");
        }
    }

    /** Collects the body, cancelling the exchange once it passes the limit. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final int limit;
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if ((long) buffer.size() + item.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new ResponseTooLarge(limit));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                buffer.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}

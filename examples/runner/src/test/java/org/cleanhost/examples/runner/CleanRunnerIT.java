package org.cleanhost.examples.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged runner jar, run as a user runs it: a subprocess, exit codes and streams checked. */
class CleanRunnerIT {
    private static final Path JAR = Path.of("target", "clean-runner.jar");
    private static final Path GUESTS = Path.of("src", "test", "resources", "guests");
    /** Issue 12's realistic program, built from reactor-bridge's guests/dashboard.wat (see its header). */
    private static final Path DASHBOARD = Path.of("..", "..", "reactor-bridge", "src", "test", "resources", "guests", "dashboard.wasm");
    /** The documents the dashboard's service serves, as reactor-bridge's RealisticProgramTest serves them. */
    private static final Map<String, String> SERVICE = Map.of(
            "/weather", "{\"city\":\"Oslo\",\"celsius\":-3.5,\"wind\":{\"x\":3.0,\"y\":4.0}}",
            "/orders", "{\"currency\":\"EUR\",\"orders\":[{\"id\":\"A-1\",\"total\":12.5},"
                    + "{\"id\":\"A-2\",\"total\":30.25},{\"id\":\"A-3\",\"total\":57.25}]}",
            "/status", "{\"service\":\"billing\",\"state\":\"degraded\",\"checks\":{\"passed\":719,\"total\":720}}",
            "/audit", "audit #1 recorded");

    record Result(int exitCode, String out, String err) {}

    @Test
    void runsTheBundledDemoWithOverlappingTasks() throws Exception {
        Result r = run("run");

        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        List<String> lines = Arrays.asList(r.out().split("\n"));
        assertEquals("Fetching 3 sources in parallel...", lines.get(0));
        assertTrue(lines.contains("[audit] demo started"), "the background task ran: " + lines);
        List<String> ordered = lines.stream().filter(l -> !l.startsWith("[audit]")).toList();
        assertEquals(List.of("Fetching 3 sources in parallel...", "source alpha ok", "source beta ok", "source gamma ok",
                "user 42: Ada Lovelace", "confirmed by the guest itself"), ordered.subList(0, 6));
        String last = ordered.get(6);
        assertTrue(last.matches("all fetched in \\d+ ms \\(each fetch takes 300 ms; in sequence they would take 900 ms\\)"), last);
        long millis = Long.parseLong(last.replaceAll("\\D+(\\d+) ms.*", "$1"));
        // a timing bound here would be flaky on a loaded machine; OverlapTest proves overlap with a barrier
        assertTrue(millis >= 300, "the fetches really slept: " + millis + " ms");
    }

    @Test
    void runsTheDemoInterpreted() throws Exception {
        Result r = run("run", "--interpreter", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Fetching 3 sources in parallel...\n"), r.out());
    }

    @Test
    void runsRealCleanCompilerOutput() throws Exception {
        Path fixture = Path.of(System.getProperty("clean.shared.dir", "../shared"), "fixtures", "cln-0.33", "nested_if_else_trailing_stmt.wasm");
        assumeTrue(Files.isRegularFile(fixture), "skipped: " + fixture + " is absent (../shared exists only beside CI's clone)");
        Result r = run("run", fixture.toString());
        assertEquals(new Result(0, "inner-a\nAFTER\n", ""), r);
    }

    @Test
    void reportsALinkErrorWithExitCode4AndNothingOnStdout() throws Exception {
        Result r = run("run", GUESTS.resolve("unknown_import.wasm").toString());
        assertEquals(4, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("clean-runner: "), r.err());
        assertTrue(r.err().contains("env.open_socket") && r.err().contains("env.printl"), r.err());
    }

    @Test
    void reportsATrapWithExitCode5AfterTheGuestsOutput() throws Exception {
        Result r = run("run", GUESTS.resolve("failures.wasm").toString(), "--entry", "trap");
        assertEquals(5, r.exitCode());
        assertEquals("about to fail\n", r.out());
        assertTrue(r.err().contains("trapped in export 'trap'"), r.err());
    }

    @Test
    void stopsARunawayGuestWithExitCode6() throws Exception {
        for (String mode : List.of("--timeout=300ms", "--interpreter")) {
            Result r = mode.equals("--interpreter")
                    ? run("run", GUESTS.resolve("failures.wasm").toString(), "--entry", "spin", "--timeout", "300ms", mode)
                    : run("run", GUESTS.resolve("failures.wasm").toString(), "--entry", "spin", mode);
            assertEquals(6, r.exitCode(), mode + ": " + r.err());
            assertTrue(r.err().contains("deadline") || r.err().contains("did not finish"), r.err());
        }
    }

    @Test
    void rejectsBytesThatAreNotWebAssemblyWithExitCode3(@TempDir Path dir) throws Exception {
        Path junk = Files.write(dir.resolve("junk.wasm"), "definitely not wasm".getBytes(StandardCharsets.UTF_8));
        Result r = run("run", junk.toString());
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("not a valid WebAssembly module"), r.err());
    }

    @Test
    void quietSuppressesTheRunnersMessages() throws Exception {
        Result r = run("run", GUESTS.resolve("failures.wasm").toString(), "--entry", "trap", "--quiet");
        assertEquals(new Result(5, "about to fail\n", ""), r);
    }

    @Test
    void inspectSaysWhichImportsTheHostProvides() throws Exception {
        Result ok = run("inspect");
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(ok.out().contains("env.create_future") && ok.out().contains("starts a task, returns a future id"), ok.out());
        assertTrue(ok.out().contains("this host provides every import"), ok.out());

        Result bad = run("inspect", GUESTS.resolve("unknown_import.wasm").toString());
        assertEquals(4, bad.exitCode());
        assertTrue(bad.out().contains("env.open_socket") && bad.out().contains("MISSING"), bad.out());
        assertTrue(bad.out().contains("MISMATCH  host offers (i32, i32) -> ()"), bad.out());
        String lacking = bad.out().substring(bad.out().indexOf("the host lacks"));
        assertTrue(lacking.contains("env.open_socket") && lacking.contains("no host function with this name"), bad.out());
        assertTrue(lacking.matches("(?s).*declared \\(.*host offers \\(i32, i32\\) -> \\(\\).*"), bad.out());
    }

    @Test
    void inspectResolvesRegistryAliasesAndRunsThem() throws Exception {
        Path module = GUESTS.resolve("portable_aliases.wasm");
        Result inspect = run("inspect", module.toString());
        assertEquals(0, inspect.exitCode(), inspect.out());
        assertTrue(inspect.out().contains("(alias of env.math_sqrt)") && inspect.out().contains("(alias of env._time_now)"), inspect.out());

        Result ran = run("run", module.toString());
        assertEquals(0, ran.exitCode(), ran.err());
        assertEquals("1.5\n", ran.out());
    }

    @Test
    void badArgumentsExitWith2() throws Exception {
        Result r = run("run", "--timeout", "soon");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("is not a positive duration"), r.err());
    }

    @Test
    void runsTheDashboardAgainstALocalServiceWhenAllowHttpNamesIt() throws Exception {
        assertTrue(Files.isRegularFile(DASHBOARD), DASHBOARD.toAbsolutePath() + " is missing: run scripts/build-guests.sh");
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer service = startService(requests);
        try {
            String base = "http://127.0.0.1:" + service.getAddress().getPort();
            for (List<String> mode : List.of(List.<String>of(), List.of("--interpreter"))) {
                requests.clear();
                List<String> args = new ArrayList<>(List.of("run", DASHBOARD.toString(), "--allow-http", "127.0.0.1"));
                args.addAll(mode);
                // each of the program's four tasks reads the service's URL from its input (see dashboard.wat)
                Result r = runWithInput((base + "\n").repeat(4), args.toArray(String[]::new));

                assertEquals(new Result(0, "Oslo: 26 F, wind 5 m/s\n"
                        + "orders: 3, total 100 EUR, average 33.33\n"
                        + "billing: degraded, uptime 99.86 %\n"
                        + "dashboard: 3 panels, alerts: 1\n", ""), r, mode::toString);
                assertEquals(List.of("GET /weather", "GET /orders", "GET /status"),
                        requests.stream().filter(q -> q.startsWith("GET ")).toList(), mode::toString);
                assertEquals(List.of("POST /audit dashboard viewed"),
                        requests.stream().filter(q -> q.startsWith("POST ")).toList(), mode + ": the background audit ran");
            }
        } finally {
            service.stop(0);
        }
    }

    @Test
    void refusesHttpWithoutAllowHttpSaysWhichOptionAllowsItAndSendsNothing() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer service = startService(requests);
        try {
            String input = ("http://127.0.0.1:" + service.getAddress().getPort() + "\n").repeat(4);
            for (List<String> flags : List.of(List.<String>of(), List.of("--allow-http", "api.example.com"))) {
                List<String> args = new ArrayList<>(List.of("run", DASHBOARD.toString()));
                args.addAll(flags);
                Result r = runWithInput(input, args.toArray(String[]::new));

                assertEquals(1, r.exitCode(), flags + ": " + r.err());
                assertEquals("", r.out(), flags.toString());
                assertTrue(r.err().contains("env.http_get: HTTP access to host '127.0.0.1' is not allowed"), r.err());
                assertTrue(r.err().contains("(to let the program reach 127.0.0.1, run with --allow-http 127.0.0.1)"), r.err());
                assertEquals(List.of(), requests, flags + ": nothing was sent");
            }
        } finally {
            service.stop(0);
        }
    }

    @Test
    void allowHttpTakesHostNamesOnly() throws Exception {
        for (String value : List.of("http://127.0.0.1/", "127.0.0.1:8080")) {
            Result r = run("run", DASHBOARD.toString(), "--allow-http", value);
            assertEquals(2, r.exitCode(), r.err());
            assertEquals("", r.out());
            assertTrue(r.err().contains("--allow-http: not a host name: '" + value + "'"), r.err());
        }
    }

    @Test
    void helpDocumentsAllowHttp() throws Exception {
        Result r = run("run", "--help");
        assertEquals(0, r.exitCode(), r.err());
        String help = r.out().replaceAll("\\s+", " "); // picocli wraps the description
        assertTrue(help.contains("--allow-http=HOST") && help.contains("Off by default"), r.out());
    }

    /** The dashboard's service on 127.0.0.1 (a free port); records "METHOD /path[ body]" of each request. */
    private static HttpServer startService(List<String> requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        SERVICE.forEach((path, document) -> server.createContext(path, exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + path + (body.isEmpty() ? "" : " " + body));
            byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }));
        server.start();
        return server;
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        return runWithInput("", args);
    }

    /** Runs the jar with {@code input} on its standard input (then closed). */
    private static Result runWithInput(String input, String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is missing: run through `mvn verify`");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("runner did not exit within 60 s: " + command);
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

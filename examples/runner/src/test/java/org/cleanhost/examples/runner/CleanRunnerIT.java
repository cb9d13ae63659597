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
        Path fixture = sharedFixture("nested_if_else_trailing_stmt.wasm");
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
        assertTrue(r.err().contains("not a WebAssembly binary"), r.err()); // ModuleScan: "missing the \\0asm magic number"
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

    @Test
    void entryPrintsTheExportsResultByItsDeclaredTypeAfterTheGuestsOutput() throws Exception {
        String results = GUESTS.resolve("results.wasm").toString();
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("text", "guest output first\nthe result\n");      // i32: a Clean string (LP pointer)
        expected.put("count", "-7\n");                                   // i64: an integer
        expected.put("ratio", "2.5\n");                                  // f64: as float_to_string formats it
        expected.put("whole", "3\n");
        expected.put("half", "0.5\n");                                   // f32
        expected.put("nothing", "guest output first\n");                 // no result: nothing more
        expected.put("late", "background output\nthe result\n");        // after the background task's output too
        expected.put("pair", "");                                        // several results: not printed
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(new Result(0, e.getValue(), ""), run("run", results, "--entry", e.getKey()), e.getKey());
        }
        assertEquals(new Result(0, "guest output first\nthe result\n", ""),
                run("run", results, "--entry", "text", "--interpreter"), "interpreted");
    }

    @Test
    void aMissingFileSaysNoSuchFileAndExitsWith2(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("program.wasm");
        for (String command : List.of("run", "inspect")) {
            assertEquals(new Result(2, "", "clean-runner: no such file: " + missing + "\n"),
                    run(command, missing.toString()), command);
        }
    }

    @Test
    void aWatFileGetsAHintToBuildItWithWat2wasm(@TempDir Path dir) throws Exception {
        Path wat = Files.copy(GUESTS.resolve("template_id_abi.wat"), dir.resolve("program.wat"));
        for (String command : List.of("run", "inspect")) {
            Result r = run(command, wat.toString());
            assertEquals(2, r.exitCode(), command + ": " + r.err());
            assertEquals("", r.out(), command);
            assertTrue(r.err().contains("is WebAssembly text") && r.err().contains("apt-get install wabt"), r.err());
            assertTrue(r.err().contains("wat2wasm " + wat + " -o " + dir.resolve("program.wasm")), r.err());
        }
        // WAT saved under a .wasm name: the same hint, by its content
        Path misnamed = Files.copy(wat, dir.resolve("other.wasm"));
        Result r = run("run", misnamed.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("holds WebAssembly text") && r.err().contains("Rename it to other.wat"), r.err());
        assertTrue(r.err().contains("wat2wasm " + dir.resolve("other.wat") + " -o " + misnamed), r.err());
    }

    @Test
    void helpSummariesAreWholeSentences() throws Exception {
        Result top = run("--help");
        assertEquals(0, top.exitCode(), top.err());
        String commands = top.out().substring(top.out().indexOf("Commands:\n") + "Commands:\n".length());
        List<String> summaries = new ArrayList<>(); // "  name  summary", continuation lines indented further
        for (String line : commands.split("\n")) {
            if (line.matches("  \\S.*")) {
                summaries.add(line.strip().replaceAll("\\s+", " "));
            } else if (!line.isBlank()) {
                summaries.set(summaries.size() - 1, summaries.get(summaries.size() - 1) + " " + line.strip());
            }
        }
        assertEquals(List.of("run Runs a module's entry point, or another export, with real async.",
                "inspect Lists a module's imports and exports and which imports this host provides."), summaries, top.out());

        Result help = run("run", "--help");
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("the export's result is then printed on a line of its own, after the guest's output: "
                + "an i32 result is read as a Clean string"), help.out());
        assertTrue(text.contains("Exit codes: 0 success 1 other failure") && text.contains("2 bad arguments, a missing file or a .wat file"), help.out());
        for (String line : help.out().split("\n")) {
            assertTrue(line.length() <= 80, "fits picocli's default width: " + line);
        }
    }

    @Test
    void theReadmesEntryExamplesNameExportsThatExist() throws Exception {
        List<String> examples = readme().lines()
                .filter(l -> l.startsWith("java -jar examples/runner/target/clean-runner.jar run") && l.contains("--entry"))
                .toList();
        assertTrue(examples.size() >= 2, "README shows --entry: " + examples);
        for (String example : examples) {
            List<String> words = Arrays.asList(example.replaceAll("#.*", "").trim().split("\\s+"));
            String entry = words.get(words.indexOf("--entry") + 1);
            String file = words.get(4).endsWith(".wasm") ? words.get(4) : null;
            // the README's templates are this module's test guests; a file the README names must be one of those
            Path module = file == null ? null : GUESTS.resolve(Path.of(file).getFileName());
            assertTrue(module == null || Files.isRegularFile(module), example + ": " + module + " is no test guest");
            Result inspect = module == null ? run("inspect", "--all-exports") : run("inspect", "--all-exports", module.toString());
            assertTrue(inspect.out().lines().anyMatch(l -> l.startsWith("  " + entry + " ")),
                    example + ": '" + entry + "' is no export of " + (module == null ? "the bundled demo" : module) + "\n" + inspect.out());
        }
    }

    @Test
    void theReadmesGuestTemplatesAreTheseAndRun() throws Exception {
        String readme = readme();
        for (String template : List.of("template_id_abi", "template_async")) {
            String wat = Files.readString(GUESTS.resolve(template + ".wat"));
            assertTrue(readme.contains("```wat\n" + wat + "```"), "README shows " + template + ".wat as committed");
            String wasm = GUESTS.resolve(template + ".wasm").toString();
            for (List<String> mode : List.of(List.<String>of(), List.of("--interpreter"))) {
                List<String> args = new ArrayList<>(List.of("run", wasm));
                args.addAll(mode);
                Result r = run(args.toArray(String[]::new));
                assertEquals(0, r.exitCode(), template + " " + mode + ": " + r.err());
                assertEquals("", r.err(), template + " " + mode);
                List<String> lines = r.out().lines().sorted().toList(); // the background audit may print first or last
                assertEquals(template.equals("template_async") ? List.of("audit ran", "hello") : List.of("hello"), lines,
                        template + " " + mode);
            }
            assertEquals(new Result(0, "hello\n", ""), run("run", wasm, "--entry", "greet"), template + " --entry greet");
        }
    }

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "..", "README.md"));
    }

    /**
     * A file of ../shared/fixtures/cln-0.33, or a skip when it is absent; the reason is printed once on standard
     * error too, since Failsafe's console shows only how many tests were skipped.
     */
    private static Path sharedFixture(String name) {
        Path fixture = Path.of(System.getProperty("clean.shared.dir", "../shared"), "fixtures", "cln-0.33", name);
        if (!Files.isRegularFile(fixture)) {
            String why = fixture.getParent() + " is absent (real Clean compiler output lives in ../shared, which exists "
                    + "only beside CI's clone; -Dshared.dir=DIR points elsewhere)";
            System.err.println("[shared fixtures] CleanRunnerIT skips the tests that run real compiler output: " + why);
            assumeTrue(false, "skipped: " + why);
        }
        return fixture;
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

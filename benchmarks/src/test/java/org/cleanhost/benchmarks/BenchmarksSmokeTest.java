package org.cleanhost.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.cleanhost.benchmarks.report.BenchReport;
import org.cleanhost.benchmarks.report.MergeResults;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.wasm.CleanInstance;
import org.cleanhost.wasm.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * A few seconds of checks so that {@code mvn verify} catches a broken benchmark guest or report
 * generator without running any benchmark: the guests compute what the benchmarks assume, the report
 * turns a small JMH result file into results.md and results.png, and merging a re-run keeps the rest.
 */
class BenchmarksSmokeTest {

    @Test
    void guestsComputeWhatTheBenchmarksAssume() {
        CleanInstance cpu = Guests.plainHost(Guests.module(Guests.CPU, ExecutionMode.COMPILED)).newInstance();
        assertEquals(42, cpu.call("inc", Integer.class, 41));
        int work = cpu.call("work", Integer.class, 1000);

        CleanRuntime runtime = CleanRuntime.builder(Guests.module(Guests.ASYNC, ExecutionMode.COMPILED))
                .poolSize(2)
                .console(Guests.DISCARD)
                .function("java.echo", args -> Mono.just("echo"))
                .function("java.never", args -> Mono.never())
                .build();
        try {
            assertEquals(10 * 4, runtime.call("roundtrips", Integer.class, 10).block());
            assertEquals(3, runtime.call("fanout", Integer.class, 3, 1000).block());
            assertEquals(work, runtime.call("work", Integer.class, 1000).block());
            int pendingBefore = runtime.stats().futuresPending();
            runtime.call("pendingOwned", Integer.class, 5).block();
            runtime.call("pendingJava", Integer.class, 5).block();
            assertEquals(pendingBefore + 10, runtime.stats().futuresPending());
        } finally {
            runtime.dispose();
        }
    }

    @Test
    void reportWritesMarkdownAndChart(@TempDir Path dir) throws Exception {
        Path jmh = dir.resolve("jmh.json");
        Files.writeString(jmh, "[" + result("FutureRoundTripBenchmark.guestFutureRoundTrip", "", 300, "ns/op") + ","
                + result("FutureRoundTripBenchmark.sinksOneRoundTrip", "", 120, "ns/op") + ","
                + result("RuntimeCallBenchmark.runtimeCall", "", 9000, "ns/op") + ","
                + result("RuntimeCallBenchmark.directCall", "", 150, "ns/op") + ","
                + result("ExecutionModeBenchmark.cpuWork", "\"mode\":\"COMPILED\",\"iterations\":\"10000\"", 20, "us/op") + ","
                + result("ExecutionModeBenchmark.cpuWork", "\"mode\":\"INTERPRETED\",\"iterations\":\"10000\"", 2000, "us/op") + ","
                + sampled("InstanceAcquireBenchmark.newInstance", 60, 40, 900) + ","
                + sampled("InstanceAcquireBenchmark.newInstanceEagerMemory", 400, 160, 5000) + ","
                + result("ChurnBenchmark.churn", "", 30, "ms/op").replace("}}", "},\"secondaryMetrics\":{"
                        + "\"completed0\":{\"score\":1000},\"nanos0\":{\"score\":1.0E9},"
                        + "\"completed10\":{\"score\":720},\"cancelled10\":{\"score\":80},\"nanos10\":{\"score\":1.0E9},"
                        + "\"completed50\":{\"score\":200},\"cancelled50\":{\"score\":200},\"nanos50\":{\"score\":1.0E9}}}")
                + "]");
        Path memory = dir.resolve("memory.json");
        Files.writeString(memory, "{\"futures\":100000,\"rounds\":3,\"results\":["
                + "{\"name\":\"futureNew\",\"bytesPerFuture\":133,\"rawBytesPerFuture\":[133,133,133]},"
                + "{\"name\":\"sinksOne\",\"bytesPerFuture\":125,\"rawBytesPerFuture\":[125,125,125]}]}");

        BenchReport.main(new String[] {jmh.toString(), memory.toString(), dir.toString(), "smoke"});

        String md = Files.readString(dir.resolve("results.md"));
        assertTrue(md.contains("| B1 | guest future round trip ÷ Sinks.one() emit+subscribe |"), md);
        assertTrue(md.contains("**2.50x** | ≤ 3.00x | ✅ pass"), md);      // 300 / 120
        assertTrue(md.contains("**8.85 µs** | ≤ 5.00 µs | ❌ miss"), md);   // (9000 - 150) / 1000
        assertTrue(md.contains("**100x**"), md);                           // 2000 / 20
        assertTrue(md.contains("⏭ skipped"), md);                          // e.g. B3, not in this file
        assertTrue(md.contains("| P6 | newInstance() median, cln 0.33 fixture | p50 40.0 µs | p50 160 µs"), md);
        assertTrue(md.contains("**40.0 µs** | ≤ 150 µs | ✅ pass"), md);  // the median, not the 60 µs mean
        assertTrue(md.contains("**900 µs** | ≤ 1,000 µs | ✅ pass"), md);  // p99
        assertTrue(md.contains("| P7 | completed calls/s, 10 % cancelled ÷ none cancelled | 720 calls/s | 1,000 calls/s | **0.720** | ≥ 0.800 | ❌ miss"), md);
        assertTrue(md.contains("**0.200** | — | info | 50.0 % of its calls cancelled"), md);
        byte[] png = Files.readAllBytes(dir.resolve("results.png"));
        assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG image");
    }

    @Test
    void mergeReplacesReRunBenchmarksAndKeepsTheRest(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("base.json");
        Files.writeString(base, "[" + result("FutureRoundTripBenchmark.guestFutureRoundTrip", "", 300, "ns/op") + ","
                + result("ExecutionModeBenchmark.cpuWork", "\"mode\":\"COMPILED\"", 20, "us/op") + ","
                + result("ExecutionModeBenchmark.cpuWork", "\"mode\":\"INTERPRETED\"", 2000, "us/op") + "]");
        Path newer = dir.resolve("newer.json");
        Files.writeString(newer, "[" + result("FutureRoundTripBenchmark.guestFutureRoundTrip", "", 210, "ns/op") + ","
                + result("ExecutionModeBenchmark.cpuWork", "\"mode\":\"COMPILED\"", 15, "us/op") + "]");

        MergeResults.main(new String[] {base.toString(), newer.toString(), base.toString()});

        JsonNode merged = new ObjectMapper().readTree(base.toFile());
        assertEquals(3, merged.size(), merged::toPrettyString);
        Map<String, Double> scores = new HashMap<>();
        merged.forEach(r -> scores.put(r.path("benchmark").asText().replace("org.cleanhost.benchmarks.", "")
                + r.path("params").path("mode").asText(), r.path("primaryMetric").path("score").asDouble()));
        assertEquals(Map.of("FutureRoundTripBenchmark.guestFutureRoundTrip", 210.0,
                "ExecutionModeBenchmark.cpuWorkCOMPILED", 15.0,
                "ExecutionModeBenchmark.cpuWorkINTERPRETED", 2000.0), scores);
    }

    /** A sample-time result of the fixture module with its median and p99, in µs. */
    private static String sampled(String name, double mean, double p50, double p99) {
        return result(name, "\"module\":\"fixture\"", mean, "us/op").replace("\"scoreUnit\":\"us/op\"}",
                "\"scoreUnit\":\"us/op\",\"scorePercentiles\":{\"50.0\":" + p50 + ",\"99.0\":" + p99 + "}}");
    }

    private static String result(String name, String params, double score, String unit) {
        return "{\"benchmark\":\"org.cleanhost.benchmarks." + name + "\",\"mode\":\"avgt\",\"threads\":1,\"forks\":1,"
                + "\"jdkVersion\":\"17\",\"vmName\":\"OpenJDK\",\"warmupIterations\":2,\"warmupTime\":\"1 s\","
                + "\"measurementIterations\":3,\"measurementTime\":\"1 s\",\"params\":{" + params + "},"
                + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":1.0,\"scoreUnit\":\"" + unit + "\"}}";
    }
}

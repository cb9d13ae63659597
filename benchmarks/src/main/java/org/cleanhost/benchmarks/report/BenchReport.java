package org.cleanhost.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cleanhost.benchmarks.ParallelTasksBenchmark;
import org.cleanhost.benchmarks.PendingFutureMemory;
import org.cleanhost.benchmarks.VirtualThreadsBenchmark;
import org.cleanhost.benchmarks.report.Metric.Goal;

/**
 * Turns a JMH JSON result file (and B4's memory.json) into {@code results.md} — every ratio next to its
 * target with a pass/miss verdict, then every raw number — and {@code results.png}, a JFreeChart bar
 * chart of the ratios against their targets.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.cleanhost.benchmarks.report.BenchReport <jmh.json>
 * <memory.json> <out-dir> [profile-label]}. A missing input file or benchmark becomes a "skipped" row.
 */
public final class BenchReport {
    private static final String PKG = "org.cleanhost.benchmarks.";

    private final List<JmhResult> results;
    private final JsonNode memory;
    private JsonNode latency;

    BenchReport(List<JmhResult> results, JsonNode memory) {
        this.results = results;
        this.memory = memory;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: BenchReport <jmh.json> <memory.json> <out-dir> [profile-label]");
            System.exit(2);
        }
        Path jmh = Path.of(args[0]);
        Path mem = Path.of(args[1]);
        Path out = Path.of(args[2]);
        String profile = args.length > 3 ? args[3] : "";
        List<JmhResult> results = Files.isRegularFile(jmh) ? JmhResult.read(jmh) : List.of();
        JsonNode memory = Files.isRegularFile(mem) ? new ObjectMapper().readTree(mem.toFile()) : null;
        BenchReport report = new BenchReport(results, memory);
        Path lat = mem.resolveSibling("latency.json"); // P6 interleaved (InstanceLatency), beside memory.json
        report.latency = Files.isRegularFile(lat) ? new ObjectMapper().readTree(lat.toFile()) : null;
        List<Metric> metrics = report.metrics();
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.md"), report.markdown(metrics, profile), StandardCharsets.UTF_8);
        Charts.write(metrics, out.resolve("results.png"));
        for (Metric m : metrics) {
            System.out.printf("%-4s %-58s %12s  target %-10s %s%n", m.id(), m.title(), m.valueText(), m.targetText(), m.verdict());
        }
        System.out.println("report written to " + out.resolve("results.md") + " and " + out.resolve("results.png"));
    }

    // ---- metrics ----

    List<Metric> metrics() {
        List<Metric> m = new ArrayList<>();
        m.add(ratio("B1", "guest future round trip ÷ Sinks.one() emit+subscribe",
                find("FutureRoundTripBenchmark.guestFutureRoundTrip"), find("FutureRoundTripBenchmark.sinksOneRoundTrip"),
                Goal.AT_MOST, 3.0).labelled("future round trip\n÷ Sinks.one [x]"));
        m.add(ratio("P1", "guest future round trip ÷ Sinks.one() (round 2 target)",
                find("FutureRoundTripBenchmark.guestFutureRoundTrip"), find("FutureRoundTripBenchmark.sinksOneRoundTrip"),
                Goal.AT_MOST, 1.5));
        m.add(added("B2", "runtime.call() overhead per call, 1 caller",
                find("RuntimeCallBenchmark.runtimeCall"), find("RuntimeCallBenchmark.directCall"))
                .labelled("call() overhead,\n1 caller [µs]"));
        m.add(added("B2", "runtime.call() overhead per call, 2 concurrent callers",
                find("RuntimeCallBenchmark.runtimeCallThreads2"), find("RuntimeCallBenchmark.directCallThreads2"))
                .labelled("call() overhead,\n2 callers [µs]"));
        m.add(addedInfo("B2", "runtime.call() − bare boundedElastic hop, 1 caller",
                find("RuntimeCallBenchmark.runtimeCall"), find("RuntimeCallBenchmark.handoffCall")));
        m.add(addedInfo("B2", "runtime.call() − bare boundedElastic hop, 2 callers",
                find("RuntimeCallBenchmark.runtimeCallThreads2"), find("RuntimeCallBenchmark.handoffCallThreads2")));
        m.add(addedInfo("B2", "runtime.call() with no hop (scheduler immediate) − direct call, 1 caller",
                find("RuntimeCallBenchmark.runtimeCallNoHop"), find("RuntimeCallBenchmark.directCall")));
        m.add(efficiency("B3", "parallel efficiency, Java-started tasks (runtime.call)",
                find("ParallelTasksBenchmark.runtimeTasks"), find("ParallelTasksBenchmark.sequentialInstance"))
                .labelled("efficiency,\nJava-started tasks"));
        m.add(efficiency("B3", "parallel efficiency, guest-started tasks (create_future)",
                find("ParallelTasksBenchmark.guestFanout"), find("ParallelTasksBenchmark.sequentialAsyncGuest"))
                .labelled("efficiency,\nguest-started tasks"));
        m.add(efficiency("B3", "plain threads, no runtime: what the cores gave",
                find("ParallelTasksBenchmark.plainThreads"), find("ParallelTasksBenchmark.sequentialInstance"))
                .informational());
        m.add(bytes("B4", "heap per pending future_new future", "futureNew")
                .labelled("bytes per pending\nfuture_new [B]"));
        m.add(bytes("B4", "heap per pending create_future on Mono.never()", "javaNever")
                .labelled("bytes per pending\nMono.never() future [B]"));
        m.add(ratio("B5", "interpreted ÷ compiled, cln 0.33 fixture start",
                find("ExecutionModeBenchmark.fixtureStart", "mode", "INTERPRETED"),
                find("ExecutionModeBenchmark.fixtureStart", "mode", "COMPILED"), Goal.INFO, null)
                .labelled("interpreted ÷ compiled,\nfixture start"));
        m.add(ratio("B5", "interpreted ÷ compiled, CPU-heavy guest (work)",
                find("ExecutionModeBenchmark.cpuWork", "mode", "INTERPRETED"),
                find("ExecutionModeBenchmark.cpuWork", "mode", "COMPILED"), Goal.INFO, null)
                .labelled("interpreted ÷ compiled,\nCPU guest"));
        m.add(ratio("B5", "copy-on-write ÷ eager ByteArrayMemory, cln 0.33 fixture start, compiled",
                find("ExecutionModeBenchmark.fixtureStart", "mode", "COMPILED"),
                find("ExecutionModeBenchmark.fixtureStartEagerMemory", "mode", "COMPILED"), Goal.INFO, null)
                .labelled("fixture start, CoW ÷\neager memory (compiled)"));
        for (String module : List.of("guest", "fixture")) {
            Optional<JmhResult> pool = find("InstanceAcquireBenchmark.poolCheckout", "module", module);
            m.add(ratio("B6", "newInstance() ÷ pool checkout (" + module + ")",
                    find("InstanceAcquireBenchmark.newInstance", "module", module), pool, Goal.INFO, null)
                    .labelled("newInstance ÷ pool\ncheckout, " + module));
            m.add(ratio("B6", "load + build + newInstance ÷ pool checkout (" + module + ")",
                    find("InstanceAcquireBenchmark.fullLoad", "module", module), pool, Goal.INFO, null)
                    .labelled("full load ÷ pool\ncheckout, " + module));
        }
        for (String module : List.of("fixture", "guest")) {
            boolean fixture = module.equals("fixture");
            String what = fixture ? "cln 0.33 fixture" : "bench_cpu guest";
            Optional<JmhResult> fresh = find("InstanceAcquireBenchmark.newInstance", "module", module);
            Optional<JmhResult> eager = find("InstanceAcquireBenchmark.newInstanceEagerMemory", "module", module);
            Optional<JmhResult> pool = find("InstanceAcquireBenchmark.cpuReference", "module", module);
            Metric median = percentile("P6", "newInstance() median, " + what, fresh, eager, pool, "50.0", 150.0);
            Metric p99 = percentile("P6", "newInstance() p99, " + what, fresh, eager, pool, "99.0", 1000.0);
            m.add(fixture ? median.labelled("newInstance median,\nfixture [µs]") : median.informational());
            m.add(fixture ? p99.labelled("newInstance p99,\nfixture [µs]") : p99.informational());
        }
        m.add(interleaved());
        Optional<JmhResult> churn = find("ChurnBenchmark.churn");
        m.add(churn("P7", "completed calls/s, 10 % cancelled ÷ none cancelled", churn, 10, Goal.AT_LEAST, 0.8)
                .labelled("churn: completed/s,\n10 % cancelled ÷ 0 %"));
        m.add(churn("P7", "completed calls/s, 50 % cancelled ÷ none cancelled", churn, 50, Goal.INFO, null));
        String p8 = VirtualThreadsBenchmark.CALLS + " guests awaiting a " + VirtualThreadsBenchmark.SLOW_MS + " ms Mono: ";
        Optional<JmhResult> virtual = find("VirtualThreadsBenchmark.concurrentSlowCalls", "threads", "virtual");
        m.add(ratio("P8", p8 + "virtual ÷ platform threads", virtual,
                find("VirtualThreadsBenchmark.concurrentSlowCalls", "threads", "platform"), Goal.INFO, null)
                .labelled("1000 waiting guests,\nvirtual ÷ platform"));
        m.add(ratio("P8", p8 + "default boundedElastic ÷ virtual threads",
                find("VirtualThreadsBenchmark.concurrentSlowCalls", "threads", "boundedElastic"), virtual, Goal.INFO, null)
                .labelled("1000 waiting guests,\nboundedElastic ÷ virtual"));
        return m;
    }

    /**
     * P6: a percentile of {@code newInstance} in µs against its target, with the eager-memory baseline of the
     * same run and the same percentile of {@code cpuReference}, ~30 µs of CPU without allocation: what the
     * machine's scheduling alone puts at that percentile for an operation that long.
     */
    private static Metric percentile(String id, String title, Optional<JmhResult> measured, Optional<JmhResult> eager,
            Optional<JmhResult> floor, String label, double targetMicros) {
        if (measured.isEmpty() || measured.get().percentileNanos(label).isEmpty()) {
            return Metric.skipped(id, title, Goal.AT_MOST, targetMicros, "µs", missing(title) + " (needs sample-time mode)");
        }
        String name = label.equals("50.0") ? "p50" : "p" + label.replace(".0", "");
        double value = measured.get().percentileNanos(label).getAsDouble();
        String baseline = "—";
        String note = "mean " + timing(measured.get());
        if (eager.isPresent() && eager.get().percentileNanos(label).isPresent()) {
            double e = eager.get().percentileNanos(label).getAsDouble();
            baseline = name + " " + Format.nanos(e) + " (ByteArrayMemory, mean " + timing(eager.get()) + ")";
            note += "; " + Format.number(e / value) + "x faster than eager memory at " + name;
        }
        if (floor.isPresent() && floor.get().percentileNanos(label).isPresent()) {
            note += "; machine floor: a CPU-only op (consumeCPU, p50 " + Format.nanos(floor.get().percentileNanos("50.0").orElse(Double.NaN))
                    + ") has " + name + " " + Format.nanos(floor.get().percentileNanos(label).getAsDouble()) + " in this run";
        }
        return new Metric(id, title, name + " " + Format.nanos(value), baseline, value / 1000.0, "µs", Goal.AT_MOST,
                targetMicros, note, id + " " + title);
    }

    /** P6 interleaved (latency.json): copy-on-write against eager memory and a CPU-only op, same JVM, same load. */
    private Metric interleaved() {
        String title = "interleaved in one JVM: newInstance() median, copy-on-write vs eager memory (fixture)";
        Optional<JsonNode> cow = latencyCase("copyOnWrite");
        Optional<JsonNode> eager = latencyCase("eager");
        Optional<JsonNode> cpu = latencyCase("cpuOnly");
        if (cow.isEmpty() || eager.isEmpty()) {
            return Metric.skipped("P6", title, Goal.INFO, null, "µs", "not in this run (latency.json missing: InstanceLatency)");
        }
        double c50 = cow.get().path("p50Nanos").asDouble();
        double e50 = eager.get().path("p50Nanos").asDouble();
        String note = Format.number(e50 / c50) + "x faster; p99 " + Format.nanos(cow.get().path("p99Nanos").asDouble())
                + " vs " + Format.nanos(eager.get().path("p99Nanos").asDouble());
        if (cpu.isPresent()) {
            note += "; a CPU-only op (p50 " + Format.nanos(cpu.get().path("p50Nanos").asDouble()) + ") had p99 "
                    + Format.nanos(cpu.get().path("p99Nanos").asDouble());
        }
        note += "; " + latency.path("rounds").asInt() + " rounds of " + latency.path("block").asInt() + " each";
        return new Metric("P6", title, "p50 " + Format.nanos(c50) + ", p99 " + Format.nanos(cow.get().path("p99Nanos").asDouble()),
                "p50 " + Format.nanos(e50) + " (ByteArrayMemory)", c50 / 1000.0, "µs", Goal.INFO, null, note,
                "P6 " + title);
    }

    private Optional<JsonNode> latencyCase(String name) {
        if (latency == null) {
            return Optional.empty();
        }
        for (JsonNode n : latency.path("results")) {
            if (name.equals(n.path("name").asText())) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /**
     * P7: completed calls per second in the batches with {@code percent} % cancelled ÷ in the batches with
     * none, from ChurnBenchmark's interleaved counters ({@code completed<p>}, {@code nanos<p>}, {@code cancelled<p>}).
     */
    private static Metric churn(String id, String title, Optional<JmhResult> result, int percent, Goal goal, Double target) {
        if (result.isEmpty() || result.get().secondary("completed" + percent).isEmpty()
                || result.get().secondary("nanos0").isEmpty()) {
            return Metric.skipped(id, title, goal, target, "", missing(title));
        }
        JmhResult r = result.get();
        double rate = r.secondary("completed" + percent).getAsDouble() * 1e9 / r.secondary("nanos" + percent).getAsDouble();
        double base = r.secondary("completed0").getAsDouble() * 1e9 / r.secondary("nanos0").getAsDouble();
        double fraction = percent / 100.0;
        double ideal = (1 - fraction) / (1 - fraction / 2);
        double cancelled = r.secondary("cancelled" + percent).orElse(Double.NaN);
        double all = cancelled + r.secondary("completed" + percent).getAsDouble();
        String note = Format.number(100 * cancelled / all) + " % of its calls cancelled; free cancellation would give "
                + Format.number(ideal) + " (a cancelled call runs half-way first): this is " + Format.number(100 * rate / base / ideal)
                + " % of that";
        return new Metric(id, title, Format.number(rate) + " calls/s", Format.number(base) + " calls/s",
                rate / base, "", goal, target, note, id + " " + title);
    }

    private Optional<JmhResult> find(String shortName) {
        return results.stream().filter(r -> r.benchmark().equals(PKG + shortName)).findFirst();
    }

    private Optional<JmhResult> find(String shortName, String param, String value) {
        return results.stream()
                .filter(r -> r.benchmark().equals(PKG + shortName) && value.equals(r.params().get(param)))
                .findFirst();
    }

    private static String missing(String title) {
        String why = "not in this run";
        if (title.contains("fixture")) {
            why += " (needs ../shared/fixtures/cln-0.33: absent, or not selected)";
        }
        if (title.contains("virtual")) {
            why += " (virtual threads need JDK 21+: scripts/bench.sh runs P8 with $JDK21_HOME or the Temurin 25 when found)";
        }
        return why;
    }

    private static Metric ratio(String id, String title, Optional<JmhResult> measured, Optional<JmhResult> baseline,
            Goal goal, Double target) {
        if (measured.isEmpty() || baseline.isEmpty()) {
            return Metric.skipped(id, title, goal, target, "x", missing(title));
        }
        double a = measured.get().nanos();
        double b = baseline.get().nanos();
        return new Metric(id, title, timing(measured.get()), timing(baseline.get()), a / b, "x", goal, target, "", id + " " + title);
    }

    /** B2: nanoseconds the runtime adds, shown in µs against the 5 µs target. */
    private Metric added(String id, String title, Optional<JmhResult> runtime, Optional<JmhResult> direct) {
        if (runtime.isEmpty() || direct.isEmpty()) {
            return Metric.skipped(id, title, Goal.AT_MOST, 5.0, "µs", missing(title));
        }
        double r = runtime.get().nanos();
        double d = direct.get().nanos();
        String note = Format.number(r / d) + "x the direct call";
        Optional<JmhResult> fresh = find("InstanceAcquireBenchmark.newInstance", "module", "guest");
        if (fresh.isPresent()) {
            long every = org.cleanhost.wasm.InstanceLifecycle.DEFAULT_MAX_CALLS;
            note += "; includes recycling an instance every " + every + " calls ≈ " + Format.nanos(fresh.get().nanos() / every)
                    + " per call (B6 newInstance ÷ " + every + ")";
        }
        return new Metric(id, title, timing(runtime.get()), timing(direct.get()), (r - d) / 1000.0, "µs",
                Goal.AT_MOST, 5.0, note, id + " " + title);
    }

    /** B2, informational: a difference in µs against another baseline (the bare hop, or the direct call). */
    private static Metric addedInfo(String id, String title, Optional<JmhResult> runtime, Optional<JmhResult> hop) {
        if (runtime.isEmpty() || hop.isEmpty()) {
            return Metric.skipped(id, title, Goal.INFO, null, "µs", missing(title));
        }
        double r = runtime.get().nanos();
        double h = hop.get().nanos();
        return new Metric(id, title, timing(runtime.get()), timing(hop.get()), (r - h) / 1000.0, "µs",
                Goal.INFO, null, "baseline alone: " + timing(hop.get()), id + " " + title);
    }

    /**
     * B3: speedup = sequential ÷ parallel; efficiency = speedup ÷ pool size. The note compares the runtime with
     * plain threads of the same run, which shows what the cores gave (two vCPUs are not always two cores).
     */
    private Metric efficiency(String id, String title, Optional<JmhResult> parallel, Optional<JmhResult> sequential) {
        if (parallel.isEmpty() || sequential.isEmpty()) {
            return Metric.skipped(id, title, Goal.AT_LEAST, 0.9, "", missing(title));
        }
        double speedup = sequential.get().nanos() / parallel.get().nanos();
        String note = String.format("speedup %sx on a pool of %d, %d tasks", Format.number(speedup),
                ParallelTasksBenchmark.POOL, ParallelTasksBenchmark.TASKS);
        Optional<JmhResult> plain = find("ParallelTasksBenchmark.plainThreads");
        if (plain.isPresent() && !parallel.get().benchmark().endsWith(".plainThreads")) {
            note += String.format("; %s %% of plain threads' speed in this run",
                    Format.number(100 * plain.get().nanos() / parallel.get().nanos()));
        }
        return new Metric(id, title, timing(parallel.get()), timing(sequential.get()),
                speedup / ParallelTasksBenchmark.POOL, "", Goal.AT_LEAST, 0.9, note, id + " " + title);
    }

    /** B4: bytes per pending future from memory.json, with the Sinks.one() baseline beside it. */
    private Metric bytes(String id, String title, String caseName) {
        Optional<JsonNode> row = memoryCase(caseName);
        if (row.isEmpty()) {
            return Metric.skipped(id, title, Goal.AT_MOST, PendingFutureMemory.TARGET_BYTES, "B",
                    "not in this run (memory.json missing)");
        }
        double perFuture = row.get().path("bytesPerFuture").asDouble();
        String baseline = memoryCase("sinksOne")
                .map(b -> Format.number(b.path("bytesPerFuture").asDouble()) + " B (Sinks.one in a map)").orElse("—");
        return new Metric(id, title, Format.number(perFuture) + " B × " + memory.path("futures").asInt(),
                baseline, perFuture, "B", Goal.AT_MOST, PendingFutureMemory.TARGET_BYTES,
                "median of " + memory.path("rounds").asInt() + " rounds: " + row.get().path("rawBytesPerFuture"),
                id + " " + title);
    }

    private Optional<JsonNode> memoryCase(String name) {
        if (memory == null) {
            return Optional.empty();
        }
        for (JsonNode n : memory.path("results")) {
            if (name.equals(n.path("name").asText())) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    private static String timing(JmhResult r) {
        String err = Double.isNaN(r.errorNanos()) ? "" : " ± " + Format.nanos(r.errorNanos());
        return Format.nanos(r.nanos()) + err;
    }

    // ---- markdown ----

    String markdown(List<Metric> metrics, String profile) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        Set<String> jvms = new LinkedHashSet<>();
        Set<String> settings = new LinkedHashSet<>();
        for (JmhResult r : results) {
            jvms.add(r.jvm());
            settings.add(r.settings());
        }
        md.append("- Generated: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        if (!profile.isEmpty()) {
            md.append("- Profile: ").append(profile).append('\n');
        }
        md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores; JVM: ")
                .append(jvms.isEmpty() ? "?" : String.join(", ", jvms)).append('\n');
        md.append("- JMH settings: ").append(settings.isEmpty() ? "no JMH results" : String.join("; ", settings)).append('\n');
        md.append("- Every ratio compares two benchmarks of the same JMH run; B4 comes from PendingFutureMemory (a separate JVM).\n");
        md.append("- A quick profile on a shared machine is noisy: treat a verdict within ~20 % of its target as unsettled.\n\n");

        md.append("## Ratios and targets\n\n");
        md.append("| | What | Measured | Baseline | Result | Target | Verdict | Note |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Metric m : metrics) {
            md.append("| ").append(m.id()).append(" | ").append(m.title()).append(" | ").append(m.measured())
                    .append(" | ").append(m.baseline()).append(" | **").append(m.valueText()).append("** | ")
                    .append(m.targetText()).append(" | ").append(verdictCell(m)).append(" | ").append(m.note())
                    .append(" |\n");
        }
        long pass = metrics.stream().filter(x -> x.verdict().equals("pass")).count();
        long miss = metrics.stream().filter(x -> x.verdict().equals("miss")).count();
        long skipped = metrics.stream().filter(x -> x.verdict().equals("skipped")).count();
        md.append("\nTargets: ").append(pass).append(" pass, ").append(miss).append(" miss");
        if (skipped > 0) {
            md.append(", ").append(skipped).append(" skipped");
        }
        md.append(".\n\n![ratios against targets](results.png)\n\n");

        md.append("## Every JMH result\n\n");
        md.append("| Benchmark | Params | Threads | Score | ± Error (99.9 %) | Unit | p50 / p99 | Counters |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (JmhResult r : results) {
            String sampled = r.percentileNanos("50.0").isPresent() && r.percentileNanos("99.0").isPresent()
                    ? Format.nanos(r.percentileNanos("50.0").getAsDouble()) + " / " + Format.nanos(r.percentileNanos("99.0").getAsDouble())
                    : "";
            StringBuilder counters = new StringBuilder();
            r.secondary().forEach((k, v) -> counters.append(counters.length() == 0 ? "" : ", ").append(k).append(' ')
                    .append(Format.number(v)));
            md.append("| ").append(r.shortName()).append(" | ").append(r.paramsText()).append(" | ").append(r.threads())
                    .append(" | ").append(Format.number(r.score())).append(" | ")
                    .append(Double.isNaN(r.error()) ? "—" : Format.number(r.error())).append(" | ").append(r.unit())
                    .append(" | ").append(sampled).append(" | ").append(counters).append(" |\n");
        }
        if (results.isEmpty()) {
            md.append("| (no JMH results) | | | | | | | |\n");
        }
        if (memory != null) {
            md.append("\n## B4: heap per pending future (").append(memory.path("futures").asInt())
                    .append(" futures, ").append(memory.path("jvm").asText()).append(", GC: ")
                    .append(memory.path("gc").asText()).append(")\n\n");
            md.append("| Case | Bytes per future (median) | Rounds | What |\n|---|---|---|---|\n");
            for (JsonNode n : memory.path("results")) {
                md.append("| ").append(n.path("name").asText()).append(" | ")
                        .append(Format.number(n.path("bytesPerFuture").asDouble())).append(" | ")
                        .append(n.path("rawBytesPerFuture")).append(" | ").append(n.path("description").asText())
                        .append(" |\n");
            }
        }
        md.append("\n## What each benchmark measures\n\n");
        for (Map.Entry<String, String> e : DESCRIPTIONS.entrySet()) {
            md.append("- **").append(e.getKey()).append("** ").append(e.getValue()).append('\n');
        }
        return md.toString();
    }

    private static String verdictCell(Metric m) {
        switch (m.verdict()) {
            case "pass":
                return "✅ pass";
            case "miss":
                return "❌ miss";
            case "skipped":
                return "⏭ skipped";
            default:
                return "info";
        }
    }

    private static final Map<String, String> DESCRIPTIONS = new java.util.LinkedHashMap<>();

    static {
        DESCRIPTIONS.put("B1", "guest export `roundtrips(n)` loops create_future(\"java.echo\") on a Java function returning "
                + "`Mono.just`, get_result (LP string into guest memory), length, release_future; per round trip, "
                + "10 000 per guest call. Baseline: `Sinks.one()` tryEmitValue + subscribe.");
        DESCRIPTIONS.put("P1", "B1's ratio against this round's target.");
        DESCRIPTIONS.put("B2", "`runtime.call(\"inc\", Integer.class, 41).block()` against `instance.call(...)` on an instance the "
                + "benchmark thread holds; pool of 2; runtime defaults (instances recycled every " + org.cleanhost.wasm.InstanceLifecycle.DEFAULT_MAX_CALLS + " calls).");
        DESCRIPTIONS.put("B3", ParallelTasksBenchmark.TASKS + " tasks of `work(1 500 000)` (~2-3 ms integer loop) through a pool of "
                + ParallelTasksBenchmark.POOL + " against the same tasks one after the other on one instance; efficiency = "
                + "speedup ÷ " + ParallelTasksBenchmark.POOL + ".");
        DESCRIPTIONS.put("B4", "heap in use after System.gc() before and after a guest leaves 100 000 futures pending, per future.");
        DESCRIPTIONS.put("B5", "Chicory runtime compiler against its interpreter: the real cln 0.33 else_break_inside_while "
                + "`start` (console discarded) and `work(10 000)`; and the fixture's `start` on copy-on-write memory against the same "
                + "on an eager ByteArrayMemory host (running guest code must not get slower).");
        DESCRIPTIONS.put("B6", "InstancePool acquire + release, against CleanHost.newInstance() from the compiled module, against "
                + "CleanModule.load + CleanHost build + newInstance (sample-time mode: the score is the mean).");
        DESCRIPTIONS.put("P6", "`CleanHost.newInstance()` of the real cln 0.33 else_break_inside_while (32 pages) from its compiled "
                + "module, median and p99 of JMH's samples, against the same with `-D" + org.cleanhost.wasm.CleanHost.EAGER_MEMORY_PROPERTY
                + "=true` (Chicory's ByteArrayMemory: every page allocated, the cost before copy-on-write memory) in the same run.");
        DESCRIPTIONS.put("P6i", "(interleaved) `InstanceLatency`, a main like B4: newInstance() on copy-on-write memory, on eager "
                + "memory, and a CPU-only op calibrated to about the same length, in rotating blocks of 500 timed operations in one JVM, "
                + "so all three see the same load (JMH runs each in its own fork, seconds apart); written to latency.json.");
        DESCRIPTIONS.put("P7", "batches of " + org.cleanhost.benchmarks.ChurnBenchmark.BATCH + " `runtime.call(\"work\", "
                + org.cleanhost.benchmarks.ChurnBenchmark.WORK + ")` (pool of " + org.cleanhost.benchmarks.ChurnBenchmark.POOL
                + ", " + org.cleanhost.benchmarks.ChurnBenchmark.POOL + " in flight), 0 / 10 / 50 % of them cancelled half-way "
                + "(`take(half a call's measured time)`: guest interrupted, instance discarded and replaced); the three kinds of "
                + "batch interleaved in every operation; completed calls per second of each (JMH @AuxCounters), 10 % and 50 % ÷ 0 %.");
        DESCRIPTIONS.put("P8", VirtualThreadsBenchmark.CALLS + " concurrent `runtime.call(\"roundtrips\", 1)`, each guest blocked in "
                + "get_result on a Java function answering after " + VirtualThreadsBenchmark.SLOW_MS + " ms; pool of "
                + VirtualThreadsBenchmark.CALLS + " warm instances; the runtime's scheduler is a virtual-thread-per-task executor, "
                + "a cached platform thread pool, or the default boundedElastic (10 threads per core); time per batch. JDK 21+.");
    }
}

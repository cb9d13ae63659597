package org.cleanhost.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One entry of JMH's JSON result file ({@code -rf json}): benchmark, parameters, threads and the
 * primary metric, plus the run settings the report prints next to the numbers.
 *
 * @param percentiles sample-time mode's percentiles of the primary metric, in its unit, keyed by JMH's
 *     labels ({@code "50.0"}, {@code "99.0"}, ...); empty in other modes
 * @param secondary secondary metrics (e.g. {@code @AuxCounters}) by name: score in their own unit
 */
public record JmhResult(String benchmark, Map<String, String> params, int threads, int forks, String mode,
        double score, double error, String unit, String jvm, String settings, Map<String, Double> percentiles,
        Map<String, Double> secondary) {

    /** A percentile of the primary metric in nanoseconds ({@code "50.0"} is the median), if sampled. */
    public java.util.OptionalDouble percentileNanos(String label) {
        Double v = percentiles.get(label);
        return v == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(v * nanosPer(unit));
    }

    /** A secondary metric's score, if present. */
    public java.util.OptionalDouble secondary(String name) {
        Double v = secondary.get(name);
        return v == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(v);
    }

    /** {@code Class.method}, without the package. */
    public String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    public String paramsText() {
        return params.isEmpty() ? "" : params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The score in nanoseconds per operation (average-time and single-shot units). */
    public double nanos() {
        return score * nanosPer(unit);
    }

    public double errorNanos() {
        return Double.isNaN(error) ? Double.NaN : error * nanosPer(unit);
    }

    static double nanosPer(String unit) {
        switch (unit) {
            case "ns/op":
                return 1;
            case "us/op":
                return 1e3;
            case "ms/op":
                return 1e6;
            case "s/op":
                return 1e9;
            default:
                throw new IllegalArgumentException("not a time-per-operation unit: " + unit
                        + " (run the benchmarks in avgt or ss mode, as scripts/bench.sh does)");
        }
    }

    /** Reads a JMH JSON result file. */
    public static List<JmhResult> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<JmhResult> results = new ArrayList<>();
        if (root == null || !root.isArray()) {
            throw new IOException(file + " is not a JMH JSON result file (expected a JSON array)");
        }
        for (JsonNode node : root) {
            Map<String, String> params = new LinkedHashMap<>();
            JsonNode p = node.path("params");
            for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                params.put(key, p.path(key).asText());
            }
            JsonNode metric = node.path("primaryMetric");
            String settings = String.format("%d fork(s), warmup %d x %s, measurement %d x %s",
                    node.path("forks").asInt(), node.path("warmupIterations").asInt(), node.path("warmupTime").asText(),
                    node.path("measurementIterations").asInt(), node.path("measurementTime").asText());
            Map<String, Double> percentiles = new LinkedHashMap<>();
            JsonNode pc = metric.path("scorePercentiles");
            for (Iterator<String> it = pc.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                percentiles.put(key, pc.path(key).asDouble());
            }
            Map<String, Double> secondary = new LinkedHashMap<>();
            JsonNode sm = node.path("secondaryMetrics");
            for (Iterator<String> it = sm.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                secondary.put(key, sm.path(key).path("score").asDouble(Double.NaN));
            }
            results.add(new JmhResult(node.path("benchmark").asText(), params, node.path("threads").asInt(1),
                    node.path("forks").asInt(), node.path("mode").asText(), metric.path("score").asDouble(Double.NaN),
                    metric.path("scoreError").asDouble(Double.NaN), metric.path("scoreUnit").asText(),
                    node.path("vmName").asText() + " " + node.path("jdkVersion").asText(), settings,
                    Map.copyOf(percentiles), Map.copyOf(secondary)));
        }
        return results;
    }
}

package org.cleanhost.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cleanhost.wasm.CleanHost;
import org.cleanhost.wasm.CleanModule;
import org.cleanhost.wasm.ExecutionMode;
import org.openjdk.jmh.infra.Blackhole;

/**
 * P6, interleaved (a main, not JMH): {@code newInstance()} of the real cln 0.33 fixture on copy-on-write
 * memory, on eager ByteArrayMemory ({@code -Dorg.cleanhost.wasm.eagerMemory=true}), and a CPU-only
 * operation calibrated to the copy-on-write median, in rotating blocks of {@value #BLOCK} timed operations
 * in one JVM. JMH runs each in its own fork, seconds apart; on a machine shared with other work the load
 * changes between forks, so their percentiles are not comparable. Interleaved, all three see the same
 * load, and the CPU-only operation's p99 is what that load alone does to an operation of that length.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.cleanhost.benchmarks.InstanceLatency <out.json> [rounds]}.
 * Writes p50, p90, p99, p99.9 and the mean of each, in nanoseconds. Needs ../shared (see {@link Guests}).
 */
public final class InstanceLatency {
    static final int BLOCK = 500;

    private InstanceLatency() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "latency.json");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        CleanModule module = CleanModule.load(Guests.fixtureBytes(Guests.FIXTURE), ExecutionMode.COMPILED);
        CleanHost cow = Guests.plainHost(module);
        CleanHost eager;
        System.setProperty(CleanHost.EAGER_MEMORY_PROPERTY, "true"); // read once, when the host is built
        try {
            eager = Guests.plainHost(module);
        } finally {
            System.clearProperty(CleanHost.EAGER_MEMORY_PROPERTY);
        }
        Map<String, Runnable> kinds = new LinkedHashMap<>();
        kinds.put("copyOnWrite", cow::newInstance);
        kinds.put("eager", eager::newInstance);
        warm(kinds.values(), 2_000_000_000L);
        long cowMedian = Long.MAX_VALUE; // the least loaded of five medians: the operation's own length
        for (int i = 0; i < 5; i++) {
            cowMedian = Math.min(cowMedian, median(time(kinds.get("copyOnWrite"), 1000)));
        }
        int tokens = calibrate(cowMedian);
        kinds.put("cpuOnly", () -> Blackhole.consumeCPU(tokens));

        Map<String, long[]> samples = new LinkedHashMap<>();
        Map<String, Integer> filled = new LinkedHashMap<>();
        for (String k : kinds.keySet()) {
            samples.put(k, new long[rounds * BLOCK]);
            filled.put(k, 0);
        }
        List<String> order = new ArrayList<>(kinds.keySet());
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < order.size(); j++) {
                String k = order.get((r + j) % order.size());
                long[] block = time(kinds.get(k), BLOCK);
                System.arraycopy(block, 0, samples.get(k), filled.get(k), BLOCK);
                filled.put(k, filled.get(k) + BLOCK);
            }
        }

        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("module", Guests.FIXTURE);
        root.put("rounds", rounds);
        root.put("block", BLOCK);
        root.put("cpuOnlyTokens", tokens);
        root.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        ArrayNode results = root.putArray("results");
        for (Map.Entry<String, long[]> e : samples.entrySet()) {
            long[] s = e.getValue().clone();
            Arrays.sort(s);
            ObjectNode n = results.addObject();
            n.put("name", e.getKey());
            n.put("samples", s.length);
            n.put("p50Nanos", s[s.length / 2]);
            n.put("p90Nanos", s[(int) (s.length * 0.90)]);
            n.put("p99Nanos", s[(int) (s.length * 0.99)]);
            n.put("p999Nanos", s[(int) (s.length * 0.999)]);
            n.put("meanNanos", Arrays.stream(s).average().orElse(Double.NaN));
            System.out.printf("%-12s p50 %8.1f us  p99 %9.1f us  p99.9 %9.1f us  mean %8.1f us%n", e.getKey(),
                    s[s.length / 2] / 1e3, s[(int) (s.length * 0.99)] / 1e3, s[(int) (s.length * 0.999)] / 1e3,
                    Arrays.stream(s).average().orElse(Double.NaN) / 1e3);
        }
        json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
    }

    private static void warm(Iterable<Runnable> ops, long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            for (Runnable op : ops) {
                time(op, 50);
            }
        }
    }

    private static long[] time(Runnable op, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            op.run();
            t[i] = System.nanoTime() - start;
        }
        return t;
    }

    private static long median(long[] t) {
        long[] s = t.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** consumeCPU tokens whose median takes about {@code nanos}. */
    private static int calibrate(long nanos) {
        warm(List.of(() -> Blackhole.consumeCPU(1024)), 500_000_000L);
        int tokens = 1024;
        for (int i = 0; i < 5; i++) {
            int t = tokens;
            long m = Long.MAX_VALUE;
            for (int k = 0; k < 3; k++) {
                m = Math.min(m, median(time(() -> Blackhole.consumeCPU(t), 300)));
            }
            tokens = (int) Math.max(16, Math.min(1 << 24, (long) t * nanos / Math.max(1, m)));
        }
        return tokens;
    }
}

package org.cleanhost.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cleanhost.reactor.CleanRuntime;
import org.cleanhost.wasm.ExecutionMode;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * B4 — heap retained per pending future, measured outside JMH (JMH times things; this weighs them):
 * the heap in use after several {@code System.gc()} before and after a guest leaves {@code n} futures
 * pending, divided by {@code n}. Target ≤ 256 B per future.
 *
 * <ul>
 *   <li>{@code futureNew}: guest-owned futures, {@code future_new} ×n in one guest call
 *       (bench_async.wat {@code pendingOwned});
 *   <li>{@code javaNever}: {@code create_future} ×n on a Java function returning {@code Mono.never()}
 *       (bench_async.wat {@code pendingJava}): the future plus its live Reactor subscription;
 *   <li>baseline {@code sinksOne}: what the bare Reactor equivalent costs, n pending {@code Sinks.one()}
 *       kept in a {@code ConcurrentHashMap<Integer, Sinks.One<String>>} by id.
 * </ul>
 *
 * Usage: {@code java -cp benchmarks.jar org.cleanhost.benchmarks.PendingFutureMemory [out.json] [n] [rounds]};
 * writes JSON and prints a summary line per case. Each case runs {@code rounds} times (default 3) after
 * one unmeasured round that loads the classes; the median is reported.
 */
public final class PendingFutureMemory {
    public static final int DEFAULT_FUTURES = 100_000;
    public static final double TARGET_BYTES = 256;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private PendingFutureMemory() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "benchmarks/results/memory.json");
        int futures = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_FUTURES;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;

        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("benchmark", "B4 heap retained per pending future");
        root.put("futures", futures);
        root.put("rounds", rounds);
        root.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        root.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(b -> b.getName()).reduce((a, b) -> a + ", " + b).orElse("?"));
        root.put("targetBytes", TARGET_BYTES);
        ArrayNode results = root.putArray("results");

        results.add(measure(json, "futureNew", "future_new ids (guest-owned), pending", futures, rounds,
                guestPending("pendingOwned")));
        results.add(measure(json, "javaNever", "create_future on a Java Mono.never(), pending", futures, rounds,
                guestPending("pendingJava")));
        results.add(measure(json, "sinksOne", "baseline: Sinks.one() pending in a map by id", futures, rounds,
                sinksPending()));

        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
        System.out.println("B4 written to " + out);
    }

    /**
     * One case: {@link #prepare()} builds everything that is not a future (the runtime, its warm instance,
     * the map), then the heap is weighed, {@link Prepared#fill} creates the pending futures, and the heap is
     * weighed again — only the futures differ between the two readings.
     */
    private interface Case {
        Prepared prepare();
    }

    private interface Prepared extends AutoCloseable {
        void fill(int n);

        @Override
        void close();
    }

    private static ObjectNode measure(ObjectMapper json, String name, String description, int futures, int rounds,
            Case scenario) throws InterruptedException {
        // Unmeasured round: loads and links every class involved, compiles the guest.
        try (Prepared warm = scenario.prepare()) {
            warm.fill(Math.min(futures, 1000));
        }
        double[] perFuture = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            try (Prepared prepared = scenario.prepare()) {
                long before = usedAfterGc();
                prepared.fill(futures);
                long after = usedAfterGc();
                perFuture[r] = (after - before) / (double) futures;
            }
        }
        double[] sorted = perFuture.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        ObjectNode node = json.createObjectNode();
        node.put("name", name);
        node.put("description", description);
        node.put("bytesPerFuture", median);
        ArrayNode raw = node.putArray("rawBytesPerFuture");
        for (double v : perFuture) {
            raw.add(Math.round(v * 10) / 10.0);
        }
        System.out.printf("B4 %-10s %8.1f B/future (median of %d: %s) - %s%n", name, median, rounds,
                raw, description);
        return node;
    }

    /** A runtime with one warm instance whose guest export {@code export(n)} leaves n futures pending. */
    private static Case guestPending(String export) {
        return () -> {
            CleanRuntime runtime = CleanRuntime.builder(Guests.module(Guests.ASYNC, ExecutionMode.COMPILED))
                    .poolSize(1)
                    .warmUp(1)
                    .console(Guests.DISCARD)
                    .function("java.never", args -> Mono.never())
                    .maxPendingFutures(Integer.MAX_VALUE) // the default cap is 100 000: we hold 100 000 + 1
                    .build();
            runtime.call(export, Integer.class, 1).block(); // exercises every path once; leaves 1 future
            return new Prepared() {
                @Override
                public void fill(int n) {
                    int pendingBefore = runtime.stats().futuresPending();
                    runtime.call(export, Integer.class, n).block();
                    int pending = runtime.stats().futuresPending() - pendingBefore;
                    Guests.check(pending == n, export + "(" + n + ") left " + pending + " futures pending");
                }

                @Override
                public void close() {
                    runtime.dispose();
                }
            };
        };
    }

    private static Case sinksPending() {
        return () -> {
            Map<Integer, Sinks.One<String>> byId = new ConcurrentHashMap<>();
            return new Prepared() {
                @Override
                public void fill(int n) {
                    for (int i = 1; i <= n; i++) {
                        byId.put(i, Sinks.one());
                    }
                }

                @Override
                public void close() {
                    byId.clear();
                }
            };
        };
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(30);
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}

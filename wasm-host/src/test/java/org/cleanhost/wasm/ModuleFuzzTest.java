package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A seeded module fuzzer: mutates every committed guest and the real Clean fixtures (bit flips, byte
 * insertions and deletions, section sizes, LEB128 numbers, import types, huge vector and local counts,
 * memory limits, truncation) and drives each mutant through load, link, instantiation and its entry
 * point in both execution modes under a watchdog. Anything other than a {@link CleanException}
 * reaching the caller, any {@link Error}, and any hang fails the test with the seed and mutation.
 *
 * <p>Knobs (system properties, passed through by Surefire from the Maven command line):
 * {@code clean.fuzz.mutants} (default 400), {@code clean.fuzz.seed}, {@code clean.fuzz.only} (run one
 * mutant index, to reproduce), {@code clean.fuzz.watchdogSeconds} (default 30). See docs/reliability.md.
 */
class ModuleFuzzTest {
    private static final long SEED = Long.getLong("clean.fuzz.seed", 20261203L);
    private static final int MUTANTS = Integer.getInteger("clean.fuzz.mutants", 400);
    private static final Integer ONLY = Integer.getInteger("clean.fuzz.only");
    private static final long WATCHDOG_SECONDS = Long.getLong("clean.fuzz.watchdogSeconds", 30);
    private static final Duration DEADLINE = Duration.ofMillis(200);
    private static final boolean VERBOSE = Boolean.getBoolean("clean.fuzz.verbose");
    private static final int[] HUGE = {0xFFFF_FFFF, 0x7FFF_FFFF, 0x8000_0000, 0x1000_0000, 1 << 24, 65_536, 50_001, 40_000};

    private ExecutorService runner = newRunner();
    private static volatile String lastMessage;

    @Test
    void everyMutantEndsTypedInBothModesWithinTheWatchdog() throws Exception {
        List<Source> sources = sources();
        assertFalse(sources.isEmpty(), "no guests found under src/test/resources/guests");
        Map<ExecutionMode, Map<String, Integer>> outcomes = new EnumMap<>(ExecutionMode.class);
        Map<ExecutionMode, Long> slowestMillis = new EnumMap<>(ExecutionMode.class);
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        int first = ONLY == null ? 0 : ONLY;
        int last = ONLY == null ? MUTANTS : ONLY + 1;
        for (int i = first; i < last; i++) {
            Source source = sources.get(i % sources.size());
            Random random = new Random(SEED * 1_000_003L + i);
            List<String> applied = new ArrayList<>();
            byte[] mutant = mutate(source.bytes, random, applied);
            for (ExecutionMode mode : ExecutionMode.values()) {
                long t0 = System.nanoTime();
                String outcome = runWithWatchdog(mutant, mode);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                slowestMillis.merge(mode, millis, Math::max);
                if (VERBOSE) {
                    System.out.println("mutant " + i + " " + source.name + " " + applied + " " + mode + " " + millis + " ms: "
                            + outcome + (lastMessage == null ? "" : " -- " + lastMessage));
                }
                if (outcome.startsWith("FAIL")) {
                    failures.add("mutant " + i + " of " + source.name + " " + applied + " in " + mode + ": " + outcome);
                    outcome = "FAILED";
                }
                outcomes.computeIfAbsent(mode, m -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
            }
        }
        runner.shutdownNow();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        StringBuilder report = new StringBuilder("module fuzzer: " + (last - first) + " mutant(s) of " + sources.size()
                + " module(s), seed " + SEED + ", " + seconds + " s\n");
        outcomes.forEach((mode, counts) -> report.append("  ").append(mode).append(" (slowest mutant ")
                .append(slowestMillis.get(mode)).append(" ms): ").append(counts).append('\n'));
        System.out.print(report);
        assertTrue(failures.isEmpty(), failures.size() + " mutant run(s) failed; reproduce one with "
                + "-Dclean.fuzz.seed=" + SEED + " -Dclean.fuzz.only=<mutant>\n" + report
                + failures.stream().limit(10).collect(Collectors.joining("\n")));
    }

    /** Runs one mutant in one mode on the runner thread; a run longer than the watchdog is a hang. */
    private String runWithWatchdog(byte[] mutant, ExecutionMode mode) throws InterruptedException {
        Future<String> run = runner.submit(() -> drive(mutant, mode));
        try {
            return run.get(WATCHDOG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            runner.shutdownNow();
            runner = newRunner(); // the hung thread is abandoned (a daemon); later mutants get a fresh one
            return "FAIL: hung for more than " + WATCHDOG_SECONDS + " s";
        } catch (java.util.concurrent.ExecutionException e) {
            return "FAIL: the driver itself threw " + stackTrace(e.getCause());
        }
    }

    /** Load, link, instantiate, call the entry point: returns the phase and outcome, or "FAIL: ...". */
    private static String drive(byte[] bytes, ExecutionMode mode) {
        lastMessage = null;
        String phase = "load";
        try {
            CleanModule module = CleanModule.load(bytes, mode);
            phase = "build";
            CleanHost host = CleanHost.builder(module).lenientImports(true).defaultDeadline(DEADLINE)
                    .console(text -> {}).build();
            phase = "instantiate";
            CleanInstance instance = host.newInstance();
            phase = "call";
            String entry = module.entryPoint();
            if (entry == null) {
                return "instantiated, no entry point";
            }
            Object[] args = arguments(module.export(entry).orElseThrow().params());
            if (args == null) {
                return "instantiated, entry point takes non-numeric parameters";
            }
            instance.call(entry, long[].class, args);
            if (Thread.interrupted()) {
                return "FAIL: the call returned with the thread's interrupt flag set";
            }
            return "ran ok";
        } catch (CleanException e) {
            Thread.interrupted(); // a timeout or interrupt leaves nothing behind for the next mutant
            lastMessage = e.getMessage();
            return phase + ": " + e.getClass().getSimpleName();
        } catch (Throwable e) {
            return "FAIL: " + phase + " threw " + stackTrace(e);
        }
    }

    private static Object[] arguments(List<String> params) {
        Object[] args = new Object[params.size()];
        for (int i = 0; i < args.length; i++) {
            switch (params.get(i)) {
                case "i32" -> args[i] = 0;
                case "i64" -> args[i] = 0L;
                case "f32", "f64" -> args[i] = 0.0;
                default -> {
                    return null;
                }
            }
        }
        return args;
    }

    // ---- mutations ---------------------------------------------------------------------------

    static byte[] mutate(byte[] original, Random random, List<String> applied) {
        byte[] bytes = original;
        int rounds = random.nextInt(10) < 8 ? 1 : 2 + random.nextInt(2);
        for (int r = 0; r < rounds; r++) {
            bytes = mutateOnce(bytes, random, applied);
        }
        return bytes;
    }

    private static byte[] mutateOnce(byte[] bytes, Random random, List<String> applied) {
        List<Section> sections = Section.parse(bytes);
        int op = random.nextInt(14);
        if (sections == null && op >= 3 && op != 10) {
            op = 0; // an earlier round broke the section structure: fall back to raw mutations
        }
        if (op > 10) {
            byte[] hostile = hostileEntryPoint(sections, random, applied);
            if (hostile != null) {
                return hostile;
            }
            op = 0;
        }
        switch (op) {
            case 0 -> {
                byte[] out = bytes.clone();
                int flips = 1 + random.nextInt(4);
                for (int k = 0; k < flips && out.length > 0; k++) {
                    int at = random.nextInt(out.length);
                    int bit = random.nextInt(8);
                    out[at] ^= (byte) (1 << bit);
                    applied.add("flip bit " + bit + " of byte " + at);
                }
                return out;
            }
            case 1 -> {
                int at = random.nextInt(bytes.length + 1);
                byte[] inserted = new byte[1 + random.nextInt(4)];
                random.nextBytes(inserted);
                applied.add("insert " + inserted.length + " byte(s) at " + at);
                return concat(Arrays.copyOf(bytes, at), inserted, Arrays.copyOfRange(bytes, at, bytes.length));
            }
            case 2 -> {
                if (bytes.length == 0) {
                    return bytes;
                }
                int at = random.nextInt(bytes.length);
                int n = Math.min(1 + random.nextInt(16), bytes.length - at);
                applied.add("delete " + n + " byte(s) at " + at);
                return concat(Arrays.copyOf(bytes, at), Arrays.copyOfRange(bytes, at + n, bytes.length));
            }
            case 3 -> {
                if (sections.isEmpty()) {
                    return bytes;
                }
                int s = random.nextInt(sections.size());
                Section section = sections.get(s);
                long size = section.content.length;
                long[] choices = {0, size - 1, size + 1, size * 2, 0xFFFF_FFFFL, 0x7FFF_FFFFL, random.nextInt(1 << 16)};
                long declared = Math.max(0, choices[random.nextInt(choices.length)]);
                applied.add("section " + s + " (id " + section.id + ") size " + size + " -> " + declared);
                return Section.write(sections, s, declared);
            }
            case 4, 5 -> {
                List<Integer> candidates = new ArrayList<>();
                for (int s = 0; s < sections.size(); s++) {
                    if (sections.get(s).content.length > 0 && (op == 4 || sections.get(s).id != 0)) {
                        candidates.add(s);
                    }
                }
                if (candidates.isEmpty()) {
                    return bytes;
                }
                int s = candidates.get(random.nextInt(candidates.size()));
                Section section = sections.get(s);
                int lebLength = lebLength(section.content, 0);
                byte[] replacement;
                String what;
                int kind = random.nextInt(4);
                if (kind == 0) {
                    replacement = new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00};
                    what = "an over-long LEB128";
                } else if (kind == 1) {
                    replacement = new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
                    what = "an unterminated LEB128";
                } else {
                    long value = Integer.toUnsignedLong(HUGE[random.nextInt(HUGE.length)]);
                    replacement = leb(value);
                    what = Long.toString(value);
                }
                applied.add("section " + s + " (id " + section.id + ") first count -> " + what);
                sections.set(s, section.with(concat(replacement, Arrays.copyOfRange(section.content, lebLength, section.content.length))));
                return Section.write(sections, -1, 0);
            }
            case 6 -> {
                return swapImportTypes(sections, random, applied, bytes);
            }
            case 7 -> {
                return hugeLocals(sections, random, applied, bytes);
            }
            case 8 -> {
                return memoryLimits(sections, random, applied, bytes);
            }
            case 9 -> {
                long[] choices = {65_535, 65_536, 65_537, 32_767, 32_768, 4_097, 40_000, 0xFFFF_FFFFL};
                long initial = choices[random.nextInt(choices.length)];
                String json = random.nextBoolean()
                        ? "{\"initial_pages\":" + initial + ",\"max_pages\":65536,\"tier\":\"fuzz\"}"
                        : "{\"initial_pages\":1,\"max_pages\":" + initial + "}";
                applied.add("clean:memory section " + json);
                byte[] name = "clean:memory".getBytes(StandardCharsets.UTF_8);
                sections.removeIf(x -> x.id == 0 && x.customName().equals("clean:memory"));
                sections.add(new Section(0, concat(leb(name.length), name, json.getBytes(StandardCharsets.UTF_8))));
                return Section.write(sections, -1, 0);
            }
            default -> {
                int length = random.nextInt(bytes.length + 1);
                applied.add("truncate to " + length + " of " + bytes.length + " bytes");
                return Arrays.copyOf(bytes, length);
            }
        }
    }

    /**
     * Gives the module a {@code start} export whose body misbehaves at run time: loops forever, recurses without
     * bound, grows memory to the cap, reads out of bounds, traps, or calls every numeric import with hostile
     * arguments (pointers above 2^31, lengths past the end of memory). The module stays valid, so these mutants
     * reach instantiation and the call. Returns null when the module's sections cannot be read.
     */
    private static byte[] hostileEntryPoint(List<Section> sections, Random random, List<String> applied) {
        try {
            List<byte[][]> types = new ArrayList<>(); // {params, results}
            int t = Section.index(sections, 1);
            if (t >= 0) {
                byte[] c = sections.get(t).content;
                int[] p = {0};
                long n = readLeb(c, p);
                for (long i = 0; i < n; i++) {
                    if (c[p[0]++] != 0x60) {
                        return null;
                    }
                    byte[] params = Arrays.copyOfRange(c, p[0] + 1, p[0] + 1 + c[p[0]]);
                    p[0] += 1 + params.length;
                    byte[] results = Arrays.copyOfRange(c, p[0] + 1, p[0] + 1 + c[p[0]]);
                    p[0] += 1 + results.length;
                    types.add(new byte[][] {params, results});
                }
            }
            List<Integer> importTypes = new ArrayList<>();
            int imp = Section.index(sections, 2);
            if (imp >= 0) {
                byte[] c = sections.get(imp).content;
                int[] p = {0};
                long n = readLeb(c, p);
                for (long i = 0; i < n; i++) {
                    readName(c, p);
                    readName(c, p);
                    int kind = c[p[0]++];
                    switch (kind) {
                        case 0 -> importTypes.add((int) readLeb(c, p));
                        case 1 -> {
                            p[0]++;
                            skipLimits(c, p);
                        }
                        case 2 -> skipLimits(c, p);
                        case 3 -> p[0] += 2;
                        default -> {
                            return null;
                        }
                    }
                }
            }
            int f = Section.index(sections, 3);
            long defined = f < 0 ? 0 : readLeb(sections.get(f).content, new int[] {0});
            boolean hasMemory = Section.index(sections, 5) >= 0;
            int self = importTypes.size() + (int) defined; // index of the function we add

            ByteArrayOutputStream code = new ByteArrayOutputStream();
            code.write(0); // no locals
            int kind = random.nextInt(6);
            String what;
            switch (kind) {
                case 0 -> {
                    code.writeBytes(new byte[] {0x03, 0x40, 0x0c, 0x00, 0x0b});
                    what = "loops forever";
                }
                case 1 -> {
                    code.write(0x10);
                    code.writeBytes(leb(self));
                    what = "recurses without bound";
                }
                case 2 -> {
                    if (!hasMemory) {
                        return null;
                    }
                    // loop: memory.grow(256) until it fails
                    code.writeBytes(new byte[] {0x03, 0x40, 0x41, (byte) 0x80, 0x02, 0x40, 0x00, 0x41, 0x7f, 0x47, 0x0d, 0x00, 0x0b});
                    what = "grows memory to the cap";
                }
                case 3 -> {
                    code.writeBytes(concat(new byte[] {0x41}, sleb(random.nextBoolean() ? -16 : 0x7FFF_FFF0), new byte[] {0x28, 0x02, 0x00, 0x1a}));
                    what = "loads out of bounds";
                    if (!hasMemory) {
                        return null;
                    }
                }
                case 4 -> {
                    code.write(0x00);
                    what = "hits unreachable";
                }
                default -> {
                    StringBuilder called = new StringBuilder();
                    for (int i = 0; i < importTypes.size(); i++) {
                        int type = importTypes.get(i);
                        if (type >= types.size()) {
                            return null;
                        }
                        byte[] params = types.get(type)[0];
                        boolean numeric = true;
                        ByteArrayOutputStream call = new ByteArrayOutputStream();
                        for (byte param : params) {
                            int[] hostile = {-16, -1, 0x7FFF_FFFF, 0x8000_0000, 65_536, 1024, 0, random.nextInt(1 << 20)};
                            int v = hostile[random.nextInt(hostile.length)];
                            switch (param) {
                                case 0x7f -> call.writeBytes(concat(new byte[] {0x41}, sleb(v)));
                                case 0x7e -> call.writeBytes(concat(new byte[] {0x42}, sleb(v)));
                                case 0x7d -> call.writeBytes(new byte[] {0x43, 0, 0, (byte) 0xc0, 0x7f});
                                case 0x7c -> call.writeBytes(new byte[] {0x44, 0, 0, 0, 0, 0, 0, (byte) 0xf8, 0x7f});
                                default -> numeric = false;
                            }
                        }
                        if (!numeric) {
                            continue;
                        }
                        code.writeBytes(call.toByteArray());
                        code.write(0x10);
                        code.writeBytes(leb(i));
                        for (int r = 0; r < types.get(type)[1].length; r++) {
                            code.write(0x1a); // drop
                        }
                        called.append(i).append(' ');
                    }
                    what = "calls imports " + called.toString().trim() + " with hostile arguments";
                }
            }
            code.write(0x0b);
            byte[] body = code.toByteArray();

            // a () -> () type, the function, its body and an export named start (replacing any existing one)
            int typeIndex = types.size();
            sections = new ArrayList<>(sections);
            append(sections, 1, new byte[] {0x60, 0, 0});
            append(sections, 3, leb(typeIndex));
            append(sections, 10, concat(leb(body.length), body));
            int e = Section.index(sections, 7);
            if (e >= 0) {
                sections.set(e, sections.get(e).with(renameExport(sections.get(e).content, "start")));
            }
            append(sections, 7, concat(leb(5), "start".getBytes(StandardCharsets.UTF_8), new byte[] {0}, leb(self)));
            applied.add("start " + what);
            return Section.write(sections, -1, 0);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** Appends one entry to the vector section {@code id}, creating the section in its place if needed. */
    private static void append(List<Section> sections, int id, byte[] entry) {
        int s = Section.index(sections, id);
        if (s < 0) {
            int at = 0;
            int[] order = {1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11};
            int rank = Arrays.stream(order).boxed().collect(Collectors.toList()).indexOf(id);
            while (at < sections.size() && (sections.get(at).id == 0
                    || Arrays.stream(order).boxed().collect(Collectors.toList()).indexOf(sections.get(at).id) < rank)) {
                at++;
            }
            sections.add(at, new Section(id, concat(leb(1), entry)));
            return;
        }
        byte[] c = sections.get(s).content;
        int[] p = {0};
        long n = readLeb(c, p);
        sections.set(s, sections.get(s).with(concat(leb(n + 1), Arrays.copyOfRange(c, p[0], c.length), entry)));
    }

    /** Renames an existing export called {@code name} (so the added one is the only one). */
    private static byte[] renameExport(byte[] content, String name) {
        byte[] target = name.getBytes(StandardCharsets.UTF_8);
        int[] p = {0};
        long n = readLeb(content, p);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(leb(n));
        for (long i = 0; i < n; i++) {
            byte[] exportName = readName(content, p);
            int start = p[0];
            p[0]++;
            readLeb(content, p);
            if (Arrays.equals(exportName, target)) {
                exportName = ("was_" + name).getBytes(StandardCharsets.UTF_8);
            }
            out.writeBytes(leb(exportName.length));
            out.writeBytes(exportName);
            out.writeBytes(Arrays.copyOfRange(content, start, p[0]));
        }
        return out.toByteArray();
    }

    private static byte[] sleb(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = (int) (value & 0x7F);
            value >>= 7;
            if ((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0)) {
                out.write(b);
                return out.toByteArray();
            }
            out.write(b | 0x80);
        }
    }

    /** Retypes function imports: another (or a missing) type index, two imports' descriptors swapped, or another kind. */
    private static byte[] swapImportTypes(List<Section> sections, Random random, List<String> applied, byte[] bytes) {
        int s = Section.index(sections, 2);
        if (s < 0) {
            return bytes;
        }
        List<byte[][]> entries = new ArrayList<>(); // {module, name, kind + descriptor}
        byte[] content = sections.get(s).content;
        int[] pos = {0};
        try {
            long n = readLeb(content, pos);
            for (long i = 0; i < n; i++) {
                byte[] module = readName(content, pos);
                byte[] name = readName(content, pos);
                int start = pos[0];
                int kind = content[pos[0]++];
                switch (kind) {
                    case 0 -> readLeb(content, pos);
                    case 1 -> {
                        pos[0]++;
                        skipLimits(content, pos);
                    }
                    case 2 -> skipLimits(content, pos);
                    case 3 -> pos[0] += 2;
                    default -> {
                        return bytes;
                    }
                }
                entries.add(new byte[][] {module, name, Arrays.copyOfRange(content, start, pos[0])});
            }
        } catch (RuntimeException malformed) {
            return bytes;
        }
        if (entries.isEmpty()) {
            return bytes;
        }
        int i = random.nextInt(entries.size());
        int how = random.nextInt(3);
        if (how == 0) {
            int type = random.nextInt(12);
            entries.get(i)[2] = concat(new byte[] {0}, leb(type));
            applied.add("import " + i + " -> function of type " + type);
        } else if (how == 1 && entries.size() > 1) {
            int j = random.nextInt(entries.size());
            byte[] swap = entries.get(i)[2];
            entries.get(i)[2] = entries.get(j)[2];
            entries.get(j)[2] = swap;
            applied.add("swap the types of imports " + i + " and " + j);
        } else {
            byte[][] kinds = {{3, 0x7F, 1}, {3, 0x7E, 0}, {2, 0, 1}, {1, 0x70, 0, 1}};
            int k = random.nextInt(kinds.length);
            entries.get(i)[2] = kinds[k];
            applied.add("import " + i + " -> kind " + k);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(leb(entries.size()));
        for (byte[][] e : entries) {
            out.writeBytes(leb(e[0].length));
            out.writeBytes(e[0]);
            out.writeBytes(leb(e[1].length));
            out.writeBytes(e[1]);
            out.writeBytes(e[2]);
        }
        sections.set(s, sections.get(s).with(out.toByteArray()));
        return Section.write(sections, -1, 0);
    }

    /** Gives one function body (or, rarely, every body) a huge number of locals. */
    private static byte[] hugeLocals(List<Section> sections, Random random, List<String> applied, byte[] bytes) {
        int s = Section.index(sections, 10);
        if (s < 0) {
            return bytes;
        }
        byte[] content = sections.get(s).content;
        int[] pos = {0};
        List<byte[]> bodies = new ArrayList<>();
        try {
            long n = readLeb(content, pos);
            for (long i = 0; i < n; i++) {
                int size = (int) readLeb(content, pos);
                bodies.add(Arrays.copyOfRange(content, pos[0], pos[0] + size));
                pos[0] += size;
            }
        } catch (RuntimeException malformed) {
            return bytes;
        }
        if (bodies.isEmpty()) {
            return bytes;
        }
        long[] counts = {49_999, 50_000, 50_001, 1 << 20, 0xFFFF_FFFFL};
        long count = counts[random.nextInt(counts.length)];
        boolean all = random.nextInt(4) == 0;
        int target = random.nextInt(bodies.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(leb(bodies.size()));
        for (int i = 0; i < bodies.size(); i++) {
            byte[] body = bodies.get(i);
            if (all || i == target) {
                int[] p = {0};
                long decls = readLeb(body, p);
                for (long d = 0; d < decls; d++) {
                    readLeb(body, p);
                    p[0]++;
                }
                // one declaration of `count` i32 locals, or 40 000 declarations of 50 000 / 40 000 each
                byte[] locals = random.nextBoolean() ? concat(leb(1), leb(count), new byte[] {0x7F})
                        : manyDeclarations(count == 0xFFFF_FFFFL ? 40_000 : 2, count);
                body = concat(locals, Arrays.copyOfRange(body, p[0], body.length));
            }
            out.writeBytes(leb(body.length));
            out.writeBytes(body);
        }
        applied.add((all ? "every body" : "body " + target) + " declares " + count + " locals");
        sections.set(s, sections.get(s).with(out.toByteArray()));
        return Section.write(sections, -1, 0);
    }

    private static byte[] manyDeclarations(int declarations, long each) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(leb(declarations));
        byte[] one = concat(leb(Math.min(each, 50_000)), new byte[] {0x7F});
        for (int i = 0; i < declarations; i++) {
            out.writeBytes(one);
        }
        return out.toByteArray();
    }

    /** Memory limits near and above 65536 pages, in the memory section or on an imported memory. */
    private static byte[] memoryLimits(List<Section> sections, Random random, List<String> applied, byte[] bytes) {
        long[][] limits = {{65_535, -1}, {65_536, -1}, {65_537, -1}, {32_767, 32_767}, {32_768, -1}, {0xFFFF_FFFFL, -1},
            {1, 65_536}, {1, 65_537}, {10, 5}, {30_000, 65_536}, {4_096, 4_096}, {4_097, -1}, {0, 0xFFFF_FFFFL}};
        long[] chosen = limits[random.nextInt(limits.length)];
        byte[] encoded = chosen[1] < 0 ? concat(new byte[] {0}, leb(chosen[0])) : concat(new byte[] {1}, leb(chosen[0]), leb(chosen[1]));
        int s = Section.index(sections, 5);
        if (s < 0) {
            applied.add("add a memory section " + Arrays.toString(chosen));
            int at = 0;
            while (at < sections.size() && (sections.get(at).id == 0 || sections.get(at).id < 5)) {
                at++;
            }
            sections.add(at, new Section(5, concat(leb(1), encoded)));
        } else {
            applied.add("memory limits " + Arrays.toString(chosen));
            byte[] content = sections.get(s).content;
            int[] pos = {0};
            try {
                readLeb(content, pos);
                skipLimits(content, pos);
                sections.set(s, sections.get(s).with(concat(leb(1), encoded, Arrays.copyOfRange(content, pos[0], content.length))));
            } catch (RuntimeException malformed) {
                return bytes;
            }
        }
        return Section.write(sections, -1, 0);
    }

    // ---- binary helpers ----------------------------------------------------------------------

    /** One section of a module: id and content; parse returns null when the bytes have no valid section layout. */
    record Section(int id, byte[] content) {
        Section with(byte[] newContent) {
            return new Section(id, newContent);
        }

        String customName() {
            try {
                int[] pos = {0};
                return new String(readName(content, pos), StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                return "";
            }
        }

        static List<Section> parse(byte[] bytes) {
            if (bytes.length < 8) {
                return null;
            }
            List<Section> sections = new ArrayList<>();
            int[] pos = {8};
            try {
                while (pos[0] < bytes.length) {
                    int id = bytes[pos[0]++] & 0xFF;
                    long size = readLeb(bytes, pos);
                    if (size > bytes.length - pos[0]) {
                        return null;
                    }
                    sections.add(new Section(id, Arrays.copyOfRange(bytes, pos[0], pos[0] + (int) size)));
                    pos[0] += (int) size;
                }
            } catch (RuntimeException e) {
                return null;
            }
            return sections;
        }

        static int index(List<Section> sections, int id) {
            for (int i = 0; i < sections.size(); i++) {
                if (sections.get(i).id == id) {
                    return i;
                }
            }
            return -1;
        }

        /** Serializes; section {@code lie} (if not -1) declares {@code declaredSize} instead of its real size. */
        static byte[] write(List<Section> sections, int lie, long declaredSize) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
            for (int i = 0; i < sections.size(); i++) {
                Section s = sections.get(i);
                out.write(s.id);
                out.writeBytes(leb(i == lie ? declaredSize : s.content.length));
                out.writeBytes(s.content);
            }
            return out.toByteArray();
        }
    }

    static long readLeb(byte[] bytes, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = bytes[pos[0]++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("LEB128 too long");
    }

    private static int lebLength(byte[] bytes, int at) {
        int n = 0;
        while (at + n < bytes.length && n < 5 && (bytes[at + n] & 0x80) != 0) {
            n++;
        }
        return Math.min(n + 1, bytes.length - at);
    }

    private static byte[] readName(byte[] bytes, int[] pos) {
        int len = (int) readLeb(bytes, pos);
        byte[] name = Arrays.copyOfRange(bytes, pos[0], pos[0] + len);
        pos[0] += len;
        return name;
    }

    private static void skipLimits(byte[] bytes, int[] pos) {
        int flags = bytes[pos[0]++];
        readLeb(bytes, pos);
        if ((flags & 1) != 0) {
            readLeb(bytes, pos);
        }
    }

    static byte[] leb(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    // ---- sources -----------------------------------------------------------------------------

    record Source(String name, byte[] bytes) {}

    /** Every committed guest of wasm-host and reactor-bridge, then the real fixtures when ../shared is present. */
    static List<Source> sources() throws IOException {
        List<Source> sources = new ArrayList<>();
        addWasm(sources, "wasm-host", Path.of("src/test/resources/guests"));
        addWasm(sources, "reactor-bridge", Path.of("../reactor-bridge/src/test/resources/guests"));
        Path fixtures = Path.of(System.getProperty("clean.shared.dir", "../shared"), "fixtures", "cln-0.33");
        if (Files.isDirectory(fixtures)) {
            addWasm(sources, "cln-0.33", fixtures);
        } else {
            System.out.println("module fuzzer: skipping the real Clean fixtures, " + fixtures + " is absent");
        }
        return sources;
    }

    private static void addWasm(List<Source> sources, String label, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            System.out.println("module fuzzer: no guests at " + dir.toAbsolutePath());
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".wasm")).sorted().collect(Collectors.toList())) {
                sources.add(new Source(label + "/" + file.getFileName(), Files.readAllBytes(file)));
            }
        }
    }

    private static ExecutorService newRunner() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "module-fuzz-runner");
            t.setDaemon(true);
            return t;
        });
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        String[] lines = out.toString().split("\n");
        return Arrays.stream(lines).limit(12).collect(Collectors.joining("\n"));
    }
}

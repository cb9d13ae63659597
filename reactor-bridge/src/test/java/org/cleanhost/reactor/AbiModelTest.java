package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;
import org.cleanhost.wasm.async.AsyncHost;
import org.cleanhost.wasm.CleanException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;

/**
 * Property-based check of the ID ABI: seeded random sequences of ABI calls (future_new, create_future,
 * future_status, get_result, future_error, cancel_future, resolve_future, reject_future, release_future,
 * and Java's {@link CleanRuntime#cancel} and {@link CleanRuntime#future}) on random, live, settled, released
 * and never-issued ids, each answer checked against a small model of docs/abi.md: status codes 0 pending,
 * 1 resolved, 2 failed, 3 cancelled, -1 unknown; settle-once semantics; typed errors for ids the host does
 * not know and for settling a future the guest does not own. At the end the runtime's counters must equal
 * the model's and nothing may be left pending or tracked.
 *
 * <p>Plain JUnit over seeds rather than jqwik: see docs/reliability.md. Each sequence runs on its own
 * runtime; a failure prints the seed and the calls so far. {@code -Dclean.abi.sequences=N} runs more
 * sequences, {@code -Dclean.abi.seed=S} starts from another seed, {@code -Dclean.abi.steps=K} makes them longer.
 */
class AbiModelTest extends RuntimeTestSupport {
    private static final long FIRST_SEED = Long.getLong("clean.abi.seed", 20261126L);
    private static final int SEQUENCES = Integer.getInteger("clean.abi.sequences", 60);
    private static final int STEPS = Integer.getInteger("clean.abi.steps", 40);

    /** Which interesting answers the sequences produced, over all seeds: a property no sequence reached proves nothing. */
    private static final Map<String, LongAdder> COVERAGE = new ConcurrentSkipListMap<>();
    private static final Set<String> MUST_COVER = Set.of("status:pending", "status:resolved", "status:failed",
            "status:cancelled", "status:unknown", "status:released", "result:value", "result:none", "result:deadlock",
            "result:unknown", "error:message", "error:none", "error:unknown", "cancel:1", "cancel:0", "cancel:unknown",
            "settle:1", "settle:0", "settle:notOwned", "settle:unknown", "release:pending", "release:settled",
            "release:unknown", "javaCancel:true", "javaCancel:false", "javaFuture:value", "javaFuture:rejected",
            "javaFuture:taskFailed", "javaFuture:cancelled", "javaFuture:unknown", "create:unknownTask");

    static LongStream seeds() {
        return LongStream.range(FIRST_SEED, FIRST_SEED + SEQUENCES);
    }

    /** What started a future, which decides how it settles. */
    enum Kind {
        /** future_new: the guest settles it */
        OWNED,
        /** create_future of a Java function that resolves synchronously ("now") */
        INSTANT,
        /** create_future of a Java function that fails synchronously */
        FAILING,
        /** create_future of a Java function that never completes: pending until cancelled */
        NEVER,
        /** create_future of the guest export echo: runs on another instance, pending or resolved when polled */
        ECHO
    }

    /** The model of one issued id. */
    static final class Entry {
        final long id;
        final Kind kind;
        int state = AsyncHost.PENDING;
        boolean released;
        String value;
        String error;

        Entry(long id, Kind kind) {
            this.id = id;
            this.kind = kind;
        }

        boolean pending() {
            return state == AsyncHost.PENDING;
        }

        /** An ECHO task that has not been observed settled: pending or resolved, depending on timing. */
        boolean running() {
            return kind == Kind.ECHO && pending();
        }

        /** The host still holds it (not released, or released but not settled). */
        boolean inTable() {
            return !released || pending();
        }

        @Override
        public String toString() {
            return "#" + id + " " + kind + " state " + state + (released ? " released" : "");
        }
    }

    private CleanRuntime runtime;
    private final Map<Long, Entry> issued = new LinkedHashMap<>();
    private final List<String> trace = new ArrayList<>();
    private Random random;

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomAbiCallSequencesAgreeWithTheModel(long seed) {
        random = new Random(seed);
        runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console).poolSize(2)
                .deadline(Duration.ofSeconds(10))
                .function("instant", args -> Mono.just("now"))
                .function("failing", args -> Mono.error(new IllegalStateException("card declined")))
                .function("never", args -> Mono.never())
                .build());
        try {
            for (int step = 0; step < STEPS; step++) {
                step();
            }
            cleanUpAndCheckCounters();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dclean.abi.seed=" + seed
                    + " -Dclean.abi.sequences=1) failed after:\n  " + String.join("\n  ", trace) + "\n" + e.getMessage(), e);
        }
    }

    @AfterAll
    static void everyInterestingCaseWasReached() {
        System.out.println("AbiModelTest coverage over " + SEQUENCES + " sequences of " + STEPS + " steps: " + COVERAGE);
        if (SEQUENCES >= 60 && STEPS >= 40) {
            Set<String> missing = new TreeSet<>(MUST_COVER);
            missing.removeAll(COVERAGE.keySet());
            assertEquals(Set.of(), missing, "cases no sequence reached");
        }
    }

    private static void covered(String what) {
        COVERAGE.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    // ---- one random step

    private void step() {
        int dice = random.nextInt(100);
        if (dice < 10) {
            long id = call("newFuture", Integer.class).longValue();
            expectFresh(id);
            issued.put(id, new Entry(id, Kind.OWNED));
        } else if (dice < 22) {
            Kind kind = new Kind[] {Kind.INSTANT, Kind.FAILING, Kind.NEVER, Kind.ECHO}[random.nextInt(4)];
            create(kind);
        } else if (dice < 24) {
            Throwable e = failure("create", "no.such.task", "[]");
            expectType(UnknownTaskException.class, e, "env.create_future: no Java function and no guest export named 'no.such.task'");
            covered("create:unknownTask");
        } else if (dice < 36) {
            status(pickId());
        } else if (dice < 44) {
            result(pickId());
        } else if (dice < 51) {
            error(pickId());
        } else if (dice < 60) {
            cancel(pickId());
        } else if (dice < 72) {
            settle(pickId(), random.nextBoolean());
        } else if (dice < 82) {
            release(pickId());
        } else if (dice < 90) {
            javaCancel(pickId());
        } else {
            javaFuture(pickId());
        }
    }

    /** A live or settled id most of the time; otherwise one the host never issued or forgot. */
    private long pickId() {
        if (!issued.isEmpty() && random.nextInt(10) < 7) {
            List<Long> ids = new ArrayList<>(issued.keySet());
            return ids.get(random.nextInt(ids.size()));
        }
        long next = issued.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
        long[] bad = {0, -1, -7, Integer.MAX_VALUE, Integer.MIN_VALUE, next + 1000 + random.nextInt(1000)};
        return bad[random.nextInt(bad.length)];
    }

    private Entry known(long id) {
        Entry entry = issued.get(id);
        return entry == null || entry.released ? null : entry;
    }

    private void create(Kind kind) {
        String task = kind == Kind.ECHO ? "echo" : kind.name().toLowerCase(java.util.Locale.ROOT);
        long id = call("create", Integer.class, task, kind == Kind.ECHO ? "[\"x\"]" : "[]").longValue();
        expectFresh(id);
        Entry entry = new Entry(id, kind);
        if (kind == Kind.INSTANT) { // a Mono.just settles while create_future runs
            entry.state = AsyncHost.RESOLVED;
            entry.value = "now";
        } else if (kind == Kind.FAILING) {
            entry.state = AsyncHost.FAILED;
            entry.error = "task 'failing' (id " + id + ") failed: card declined";
        }
        issued.put(id, entry);
    }

    private void status(long id) {
        int status = call("status", Integer.class, id);
        Entry entry = known(id);
        covered("status:" + (issued.containsKey(id) && issued.get(id).released ? "released"
                : status == -1 ? "unknown" : new String[] {"pending", "resolved", "failed", "cancelled"}[status]));
        if (entry == null) {
            expect(-1, status, "future_status of an unknown or released id");
        } else if (entry.running()) {
            if (status == AsyncHost.RESOLVED) {
                resolvedEcho(entry);
            } else {
                expect(AsyncHost.PENDING, status, "a running echo task is pending or resolved");
            }
        } else {
            expect(entry.state, status, "future_status of " + entry);
        }
    }

    private void result(long id) {
        Entry entry = known(id);
        if (entry == null) {
            expectUnknown("env.get_result", id, failure("result", id));
            covered("result:unknown");
            return;
        }
        if (entry.kind == Kind.NEVER && entry.pending()) {
            return; // would wait until the deadline: nothing but a cancel settles it
        }
        if (entry.kind == Kind.OWNED && entry.pending()) {
            if (neverInFlight()) {
                return; // Java work in flight: not a deadlock, so it would wait until the deadline
            }
            Throwable e = failure("result", id);
            expectType(DeadlockException.class, e, "future " + id + " is guest-owned");
            covered("result:deadlock");
            return;
        }
        String value = call("result", String.class, id);
        if (entry.running()) {
            resolvedEcho(entry);
        }
        expect(entry.state == AsyncHost.RESOLVED ? entry.value : "<none>", value, "get_result of " + entry);
        covered(entry.state == AsyncHost.RESOLVED ? "result:value" : "result:none");
    }

    private void error(long id) {
        Entry entry = known(id);
        if (entry == null) {
            expectUnknown("env.future_error", id, failure("error", id));
            covered("error:unknown");
            return;
        }
        String error = call("error", String.class, id);
        String expected = entry.state == AsyncHost.FAILED || entry.state == AsyncHost.CANCELLED ? entry.error : "<none>";
        expect(expected, error, "future_error of " + entry);
        covered(expected.equals("<none>") ? "error:none" : "error:message");
    }

    private void cancel(long id) {
        Entry entry = known(id);
        if (entry == null) {
            expectUnknown("env.cancel_future", id, failure("cancel", id));
            covered("cancel:unknown");
            return;
        }
        int took = call("cancel", Integer.class, id);
        cancelled(entry, took == 1, "cancel_future");
        covered("cancel:" + took);
    }

    private void settle(long id, boolean resolve) {
        String export = resolve ? "resolve" : "reject";
        String text = (resolve ? "value-" : "reason-") + random.nextInt(1000);
        Entry entry = known(id);
        if (entry == null) {
            expectUnknown("env." + export + "_future", id, failure(export, id, text));
            covered("settle:unknown");
            return;
        }
        if (entry.kind != Kind.OWNED) {
            Throwable e = failure(export, id, text);
            expectType(CleanException.class, e, "env." + export + "_future: future " + id + " runs task '");
            expectContains(e, "only futures from future_new are settled by the guest");
            covered("settle:notOwned");
            return;
        }
        int took = call(export, Integer.class, id, text);
        expect(entry.pending() ? 1 : 0, took, export + "_future of " + entry);
        covered("settle:" + took);
        if (took == 1) {
            entry.state = resolve ? AsyncHost.RESOLVED : AsyncHost.FAILED;
            entry.value = resolve ? text : null;
            entry.error = resolve ? null : text;
        }
    }

    private void release(long id) {
        Entry entry = known(id);
        if (entry == null) {
            expectUnknown("env.release_future", id, failure("release", id));
            covered("release:unknown");
            return;
        }
        call("release", Void.class, id);
        covered(entry.pending() ? "release:pending" : "release:settled");
        if (entry.kind == Kind.OWNED && entry.pending()) {
            cancelled(entry, true, "release_future"); // nothing could settle it any more: it is cancelled
        }
        entry.released = true;
    }

    private void javaCancel(long id) {
        boolean took = runtime.cancel(id);
        trace.add("CleanRuntime.cancel(" + id + ") -> " + took);
        covered("javaCancel:" + took);
        Entry entry = issued.get(id);
        if (entry == null || !entry.inTable()) {
            expect(false, took, "CleanRuntime.cancel of an id the host does not hold");
            return;
        }
        cancelled(entry, took, "CleanRuntime.cancel");
    }

    private void javaFuture(long id) {
        Entry entry = known(id);
        if (entry != null && entry.pending() && entry.kind != Kind.ECHO) {
            return; // would wait: a pending future has no outcome to replay yet
        }
        Signal<String> signal = runtime.future(id).materialize().block(VERIFY);
        trace.add("CleanRuntime.future(" + id + ") -> " + signal);
        if (entry == null) {
            expectUnknown("CleanRuntime.future", id, signal.getThrowable());
            covered("javaFuture:unknown");
            return;
        }
        if (entry.running()) {
            resolvedEcho(entry);
        }
        switch (entry.state) {
            case AsyncHost.RESOLVED:
                expect(entry.value, signal.get(), "CleanRuntime.future of " + entry);
                covered("javaFuture:value");
                break;
            case AsyncHost.FAILED:
                if (entry.kind == Kind.OWNED) {
                    expect(entry.error, ((GuestRejectedException) expectType(GuestRejectedException.class,
                            signal.getThrowable(), "rejected by the guest")).reason(), "the rejection reason");
                    covered("javaFuture:rejected");
                } else {
                    expectType(TaskFailedException.class, signal.getThrowable(), entry.error);
                    covered("javaFuture:taskFailed");
                }
                break;
            default:
                expectType(CleanCancelledException.class, signal.getThrowable(), entry.error);
                covered("javaFuture:cancelled");
        }
    }

    // ---- the model's transitions

    private void expectFresh(long id) {
        if (id <= 0 || id > Integer.MAX_VALUE || issued.containsKey(id)) {
            throw new AssertionError("issued id " + id + " is not a new positive 31-bit id");
        }
    }

    private void resolvedEcho(Entry entry) {
        entry.state = AsyncHost.RESOLVED;
        entry.value = "x";
    }

    /** A cancel answered {@code took}: it took effect exactly when the future was pending. */
    private void cancelled(Entry entry, boolean took, String how) {
        if (entry.running()) {
            if (!took) { // the echo task had already finished
                resolvedEcho(entry);
                return;
            }
        } else {
            expect(entry.pending(), took, how + " of " + entry);
        }
        if (took) {
            entry.state = AsyncHost.CANCELLED;
            entry.error = "future " + entry.id + " (" + taskName(entry) + ") was cancelled";
        }
    }

    private static String taskName(Entry entry) {
        return entry.kind == Kind.OWNED ? "future_new" : entry.kind == Kind.ECHO ? "echo"
                : entry.kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private boolean neverInFlight() {
        return issued.values().stream().anyMatch(e -> e.kind == Kind.NEVER && e.pending());
    }

    /**
     * Cancels what is still pending and releases every id, then compares the runtime's counters with the model.
     * A task's future released while pending (a "never" function) can only be cancelled from Java.
     */
    private void cleanUpAndCheckCounters() {
        for (Entry entry : issued.values()) {
            if (!entry.released) {
                if (entry.pending()) {
                    cancelled(entry, call("cancel", Integer.class, entry.id) == 1, "cancel_future at clean-up");
                }
                call("release", Void.class, entry.id);
                entry.released = true;
            } else if (entry.pending()) {
                cancelled(entry, runtime.cancel(entry.id), "CleanRuntime.cancel at clean-up");
            }
        }
        RuntimeStats stats = idleStats(runtime);
        long resolved = issued.values().stream().filter(e -> e.state == AsyncHost.RESOLVED).count();
        long failed = issued.values().stream().filter(e -> e.state == AsyncHost.FAILED).count();
        long cancelled = issued.values().stream().filter(e -> e.state == AsyncHost.CANCELLED).count();
        String counts = "model: " + issued.size() + " created, " + resolved + " resolved, " + failed + " failed, "
                + cancelled + " cancelled; runtime: " + stats;
        expect((long) issued.size(), stats.futuresCreated(), counts);
        expect(resolved, stats.futuresResolved(), counts);
        expect(failed, stats.futuresFailed(), counts);
        expect(cancelled, stats.futuresCancelled(), counts);
        expect(0, stats.futuresPending(), counts);
        expect(0, stats.futuresTracked(), counts);
        expect("hello", call("hello", String.class), "a normal call at the end");
    }

    // ---- calls and checks

    private <T> T call(String export, Class<T> type, Object... args) {
        Signal<T> signal = runtime.call(export, type, args).materialize().block(VERIFY);
        trace.add(export + Arrays.toString(args) + " -> " + signal);
        if (signal == null || signal.isOnError()) {
            throw new AssertionError(export + " failed unexpectedly: " + signal,
                    signal == null ? null : signal.getThrowable());
        }
        return signal.get();
    }

    private Throwable failure(String export, Object... args) {
        Signal<Void> signal = runtime.call(export, Void.class, args).materialize().block(VERIFY);
        trace.add(export + Arrays.toString(args) + " -> " + signal);
        if (signal == null || !signal.isOnError()) {
            throw new AssertionError(export + Arrays.toString(args) + " should have failed: " + signal);
        }
        return signal.getThrowable();
    }

    private static void expect(Object expected, Object actual, String what) {
        assertEquals(expected, actual, what);
    }

    private static void expectUnknown(String where, long id, Throwable e) {
        UnknownFutureException unknown = (UnknownFutureException) expectType(UnknownFutureException.class, e,
                where + ": unknown future id " + id);
        assertEquals(id, unknown.futureId());
    }

    private static Throwable expectType(Class<? extends Throwable> type, Throwable e, String messagePart) {
        if (!type.isInstance(e)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + e, e);
        }
        expectContains(e, messagePart);
        return e;
    }

    private static void expectContains(Throwable e, String part) {
        if (e.getMessage() == null || !e.getMessage().contains(part)) {
            throw new AssertionError("message lacks '" + part + "': " + e.getMessage(), e);
        }
    }
}

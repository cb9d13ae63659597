package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.cleanhost.wasm.CleanInterruptedException;
import org.cleanhost.wasm.CleanTimeoutException;
import org.cleanhost.wasm.CleanTrapException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.pool.PooledRef;
import reactor.util.context.Context;

/**
 * Soak: a seeded random mix of everything at once on one runtime, with bounded concurrency: guest calls,
 * guest futures (create_future on guest exports and on Java functions, future_new settled by the guest or
 * cancelled from Java, callForFuture), background tasks, Java functions that succeed, fail, throw or are
 * slow, calls cancelled after a random short delay, calls stopped by the deadline, traps, deep recursion,
 * bad ids and bad task names. Every operation must end in the outcome its kind allows; afterwards every
 * future settled exactly once (counted independently through {@link CleanRuntime#taskOutcomes()}), nothing
 * is pending or tracked, no guest run or instance is in use, no thread is left in guest code or leaked, and
 * Reactor dropped no signal (other than one produced at the instant the soak itself cancelled its subscription,
 * which is counted and reported).
 *
 * <p>{@code -Dclean.soak.seconds=N} (default 30) runs for N seconds; {@code -Dclean.soak.operations=N} runs
 * exactly N operations instead (the long version: 1000000); {@code -Dclean.soak.seed=S},
 * {@code -Dclean.soak.concurrency=C}. The summary line it prints is quoted in docs/reliability.md.
 */
class SoakTest extends RuntimeTestSupport {
    private static final long SEED = Long.getLong("clean.soak.seed", 20261126L);
    private static final long SECONDS = Long.getLong("clean.soak.seconds", 30);
    private static final long OPERATIONS = Long.getLong("clean.soak.operations", 0);
    private static final int CONCURRENCY = Integer.getInteger("clean.soak.concurrency", 16);
    private static final int POOL = 4;
    private static final Duration DEADLINE = Duration.ofMillis(300);
    /** No single operation may take this long: it would be hung, not slow. */
    private static final Duration OPERATION_BOUND = Duration.ofSeconds(20);
    private static final String HOOK_KEY = "clean-soak";
    /** Threads there is one of per JVM or per scheduler, started on first use: not a leak. */
    private static final Set<String> SINGLETONS = Set.of("boundedElastic-evictor-*", "clean-deadline-timer", "clean-handoff-timer");

    /** What an operation may end in. */
    enum Outcome { OK, EXPECTED_ERROR, CANCELLED, TIMEOUT, UNEXPECTED }

    /** An operation kind and its weight in the mix (out of the total). */
    enum Op {
        HELLO(60), ECHO(50), LATER_ECHO(50), RUN_ECHO(50), RUN_JAVA_OK(50), RUN_JAVA_ASYNC(40), RUN_JAVA_FAIL(30),
        RUN_JAVA_THROW(20), RUN_JAVA_SLOW(40), LATER_JAVA_FAIL(30), TRAP(20), LATER_TRAP(20), RUN_TRAP(20),
        RECURSE(5), OWN_RESOLVE(40), OWN_REJECT(20), OWN_CROSS(30), OWN_JAVA_CANCEL(20), CALL_FOR_FUTURE(30),
        SPAWN(40), FIRE(20), GUEST_CANCEL(30), CANCEL_CALL(80), BAD_ID(20), BAD_TASK(10),
        DEADLINE(1), LATER_SPIN(1), STUCK(1);

        final int weight;

        Op(int weight) {
            this.weight = weight;
        }

        static final int TOTAL = Arrays.stream(values()).mapToInt(op -> op.weight).sum();

        static Op pick(Random random) {
            int dice = random.nextInt(TOTAL);
            for (Op op : values()) {
                dice -= op.weight;
                if (dice < 0) {
                    return op;
                }
            }
            throw new AssertionError();
        }
    }

    /** A failure a Java function was told to produce. */
    static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message, null, false, false);
        }
    }

    private CleanRuntime runtime;
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final Queue<String> dropped = new ConcurrentLinkedQueue<>();
    /** Signals produced at the instant the soak itself cancelled their subscription: Reactor drops those by design. */
    private final LongAdder cancelRaces = new LongAdder();
    private final Map<Op, Map<Outcome, LongAdder>> tally = new EnumMap<>(Op.class);

    @Test
    @Timeout(value = 4, unit = TimeUnit.HOURS) // the run bounds itself; this only backs that up
    void aSeededMixOfEverythingLeavesNothingBehind() {
        for (Op op : Op.values()) {
            Map<Outcome, LongAdder> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, new LongAdder());
            }
            tally.put(op, byOutcome);
        }
        Map<String, Integer> threadsBefore = threadCounts();
        Scheduler scheduler = Schedulers.newBoundedElastic(4 * CONCURRENCY, 100_000, "clean-soak");
        probeLocalHooks();
        Hooks.onErrorDropped(e -> dropped.add("onErrorDropped: " + e));
        Hooks.onNextDropped(v -> dropped.add("onNextDropped: " + v + (v instanceof PooledRef
                ? " (a pooled instance handed to a cancelled acquisition: lost for good, see ReliabilityBugsTest)" : "")));
        // Reactor also routes ordinary errors through this hook (e.g. then(Mono.error(..)) calls the scalar and
        // catches what it throws), so only the runtime's own errors count: an error the runtime signals into a
        // subscription that was already cancelled arrives here and nowhere else
        Hooks.onOperatorError(HOOK_KEY, (e, data) -> {
            if (!(e instanceof InjectedFailure)) {
                dropped.add("onOperatorError: " + describe(e) + (data == null ? "" : " (" + data + ")"));
            }
            return e;
        });
        try {
            runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(text -> {})
                    .poolSize(POOL)
                    .scheduler(scheduler)
                    .deadline(DEADLINE)
                    .function("java.ok", args -> Mono.just("ok" + args))
                    .function("java.async", args -> Mono.fromSupplier(() -> "async").subscribeOn(Schedulers.parallel()))
                    .function("java.fail", args -> Mono.error(new InjectedFailure("injected failure")))
                    .function("java.failLater", args -> Mono.delay(Duration.ofMillis(1))
                            .then(Mono.error(new InjectedFailure("injected late failure"))))
                    .function("java.throw", args -> {
                        throw new InjectedFailure("injected throw");
                    })
                    .function("java.slow", args -> Mono.delay(Duration.ofMillis((Long) args.get(0))).thenReturn("slow"))
                    .function("java.never", args -> Mono.never())
                    .build());
            soak(threadsBefore, scheduler);
        } finally {
            Hooks.resetOnErrorDropped();
            Hooks.resetOnNextDropped();
            Hooks.resetOnOperatorError(HOOK_KEY);
            scheduler.dispose();
        }
    }

    private void soak(Map<String, Integer> threadsBefore, Scheduler scheduler) {
        // the independent count: every settled future, by id, as the runtime publishes it
        Map<Long, Integer> settledStates = new ConcurrentHashMap<>();
        Queue<Long> settledTwice = new ConcurrentLinkedQueue<>();
        Disposable listening = runtime.taskOutcomes().subscribe(o -> {
            int state = o.succeeded() ? 1 : "CleanCancelledException".equals(o.errorType()) ? 3 : 2;
            if (settledStates.put(o.id(), state) != null) {
                settledTwice.add(o.id());
            }
        });

        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(SECONDS);
        Flux<Integer> indices = OPERATIONS > 0
                ? Flux.range(0, (int) Math.min(Integer.MAX_VALUE, OPERATIONS))
                : Flux.range(0, Integer.MAX_VALUE).takeWhile(i -> System.nanoTime() < end);
        Duration bound = OPERATIONS > 0 ? Duration.ofSeconds(Math.max(600, OPERATIONS / 100))
                : Duration.ofSeconds(SECONDS + 120);
        AtomicLong operations = new AtomicLong();
        indices.flatMap(i -> {
                    Random random = new Random(SEED ^ (i * 0x9E3779B97F4A7C15L));
                    Op op = Op.pick(random);
                    return operation(op, random)
                            .timeout(OPERATION_BOUND)
                            .onErrorResume(e -> {
                                unexpected.add(op + " #" + i + ": " + describe(e));
                                return Mono.just(Outcome.UNEXPECTED);
                            })
                            .doOnNext(outcome -> {
                                tally.get(op).get(outcome).increment();
                                operations.incrementAndGet();
                            });
                }, CONCURRENCY)
                .blockLast(bound);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // afterwards: idle, every future settled exactly once, nothing held
        RuntimeStats stats = idleStats(runtime);
        stats = awaitStats(runtime, s -> s.instancesInUse() == 0 && settledStates.size() == s.futuresCreated(),
                "every instance returned and every outcome published");
        listening.dispose();
        List<String> busyThreads = threadsInGuestCode();
        List<String> stillTracked = trackedFutures(runtime, settledStates.keySet());

        long resolved = settledStates.values().stream().filter(s -> s == 1).count();
        long failed = settledStates.values().stream().filter(s -> s == 2).count();
        long cancelled = settledStates.values().stream().filter(s -> s == 3).count();

        runtime.dispose();
        scheduler.dispose();
        int soakThreads = awaitNoThreads("clean-soak");
        // a disposed runtime's threads (its function scheduler's workers and evictor) end shortly after dispose()
        long threadsDeadline = System.nanoTime() + SETTLE.toNanos();
        while (workerThreads(threadCounts()) > workerThreads(threadsBefore) && System.nanoTime() < threadsDeadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        Map<String, Integer> threadsAfter = threadCounts();
        int threadGrowth = workerThreads(threadsAfter) - workerThreads(threadsBefore);

        Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
        tally.values().forEach(m -> m.forEach((o, n) -> byOutcome.merge(o, n.sum(), Long::sum)));
        long leaks = stats.futuresPending() + stats.futuresTracked() + stats.guestRunsActive() + stats.instancesInUse()
                + busyThreads.size() + soakThreads + Math.max(0, threadGrowth);
        System.out.printf("SOAK seed=%d operations=%d duration=%.1fs (%.0f ops/s) concurrency=%d pool=%d deadline=%dms"
                        + " | outcomes ok=%d expectedErrors=%d cancelled=%d timeouts=%d unexpected=%d"
                        + " | futures created=%d settled=%d (resolved=%d failed=%d cancelled=%d) settledTwice=%d"
                        + " | instances created=%d discarded=%d"
                        + " | leaks=%d (pending=%d tracked=%d runs=%d inUse=%d threadsInGuestCode=%d soakThreadsLeft=%d threadGrowth=%d)"
                        + " dropped=%d (cancelRaceDrops=%d)%n",
                SEED, operations.get(), took.toMillis() / 1000.0, operations.get() * 1e9 / took.toNanos(), CONCURRENCY,
                POOL, DEADLINE.toMillis(), byOutcome.get(Outcome.OK), byOutcome.get(Outcome.EXPECTED_ERROR),
                byOutcome.get(Outcome.CANCELLED), byOutcome.get(Outcome.TIMEOUT), byOutcome.get(Outcome.UNEXPECTED),
                stats.futuresCreated(), settledStates.size(), resolved, failed, cancelled, settledTwice.size(),
                stats.instancesCreated(), stats.instancesDiscarded(), leaks, stats.futuresPending(),
                stats.futuresTracked(), stats.guestRunsActive(), stats.instancesInUse(), busyThreads.size(), soakThreads,
                threadGrowth, dropped.size(), cancelRaces.sum());
        System.out.println("SOAK by operation: " + tallyText());

        final RuntimeStats last = stats;
        assertAll("soak",
                () -> assertEquals(List.of(), firstFew(unexpected), "operations that ended in an outcome their kind does not allow"),
                () -> assertEquals(List.of(), firstFew(dropped), "signals Reactor dropped"),
                () -> assertEquals(List.of(), firstFew(settledTwice), "futures published as settled more than once"),
                () -> assertEquals(last.futuresCreated(), last.futuresResolved() + last.futuresFailed() + last.futuresCancelled(),
                    "created == resolved + failed + cancelled: " + last),
                () -> assertEquals(last.futuresCreated(), settledStates.size(), "every created future was seen settling"),
                () -> assertEquals(last.futuresResolved(), resolved, "resolved, counted from the outcomes"),
                () -> assertEquals(last.futuresFailed(), failed, "failed, counted from the outcomes"),
                () -> assertEquals(last.futuresCancelled(), cancelled, "cancelled, counted from the outcomes"),
                () -> assertEquals(0, last.futuresPending(), last::toString),
                () -> assertEquals(0, last.futuresTracked(), "every id was released: " + last + "; still tracked: " + stillTracked),
                () -> assertEquals(0, last.guestRunsActive(), last::toString),
                () -> assertEquals(0, last.instancesInUse(), "instances in use after whenIdle(): " + last),
                () -> assertEquals(List.of(), busyThreads, "threads still inside guest code after whenIdle()"),
                () -> assertEquals(0, soakThreads, "the runtime's scheduler threads ended with it"),
                () -> assertTrue(threadGrowth <= 0, "no worker thread leaked: before " + threadsBefore + ", after "
                    + threadsAfter));
        for (Op op : Op.values()) {
            long ran = tally.get(op).values().stream().mapToLong(LongAdder::sum).sum();
            assertTrue(ran > 0 || operations.get() < 5_000, op + " never ran in " + operations.get() + " operations");
        }
        assertTrue(byOutcome.get(Outcome.CANCELLED) > 0 && byOutcome.get(Outcome.TIMEOUT) > 0
                || operations.get() < 5_000, "the mix cancelled and timed out calls: " + byOutcome);
    }

    // ---- the operations

    private Mono<Outcome> operation(Op op, Random random) {
        String text = "s" + random.nextInt(1_000_000) + "-é✓";
        String json = "[\"" + text + "\"]";
        long ms = 1 + random.nextInt(30);
        switch (op) {
            case HELLO:
                return expect(call("hello", String.class), "hello");
            case ECHO:
                return expect(call("echo", String.class, text), text);
            case LATER_ECHO:
                return expect(call("later", String.class, "echo", json), text);
            case RUN_ECHO:
                return expect(call("run", String.class, "echo", json), text);
            case RUN_JAVA_OK:
                return expect(call("run", String.class, "java.ok", "[" + ms + "]"), "ok[" + ms + "]");
            case RUN_JAVA_ASYNC:
                return expect(call("run", String.class, "java.async", "[]"), "async");
            case RUN_JAVA_FAIL:
                return expectThat(call("run", String.class, "java.fail", "[]"),
                        v -> v.startsWith("failed: task 'java.fail' (id ") && v.endsWith("failed: injected failure"));
            case RUN_JAVA_THROW:
                return expectThat(call("run", String.class, "java.throw", "[]"),
                        v -> v.startsWith("failed: task 'java.throw' (id ") && v.endsWith("failed: injected throw"));
            case RUN_JAVA_SLOW:
                return expect(call("run", String.class, "java.slow", "[" + ms + "]"), "slow");
            case LATER_JAVA_FAIL:
                return expectError(call("later", String.class, "java.failLater", "[]"),
                        e -> e instanceof TaskFailedException && e.getCause() instanceof InjectedFailure);
            case TRAP:
                return expectError(call("boom", Integer.class),
                        e -> e instanceof CleanTrapException && ((CleanTrapException) e).export().equals("boom"));
            case LATER_TRAP:
                return expectError(call("later", String.class, "boom", "[]"),
                        e -> e instanceof TaskFailedException && e.getCause() instanceof CleanTrapException);
            case RUN_TRAP:
                return expectThat(call("run", String.class, "boom", "[]"),
                        v -> v.startsWith("failed: task 'boom' (id ") && v.contains("guest trapped in export 'boom'"));
            case RECURSE:
                return expectError(call("later", String.class, "recurse", "[0]"),
                        e -> e instanceof TaskFailedException && e.getCause() instanceof CleanTrapException);
            case OWN_RESOLVE:
                return newFuture().flatMap(id -> expect(call("resolve", Integer.class, id, text), 1)
                        .then(expect(runtime.future(id), text))
                        .then(release(id)));
            case OWN_REJECT:
                return newFuture().flatMap(id -> expect(call("reject", Integer.class, id, text), 1)
                        .then(expectError(runtime.future(id),
                                e -> e instanceof GuestRejectedException && ((GuestRejectedException) e).reason().equals(text)))
                        .then(release(id)));
            case OWN_CROSS: // Java waits on the future while another guest call resolves it
                return newFuture().flatMap(id -> Mono.zip(runtime.future(id), call("resolve", Integer.class, id, text))
                        .flatMap(both -> both.getT1().equals(text) && both.getT2() == 1 ? Mono.just(Outcome.OK)
                                : Mono.error(new AssertionError("got " + both)))
                        .then(release(id)));
            case OWN_JAVA_CANCEL:
                return newFuture().flatMap(id -> (runtime.cancel(id) ? Mono.just(Outcome.OK)
                                : Mono.<Outcome>error(new AssertionError("CleanRuntime.cancel(" + id + ") of a pending future was refused")))
                        .then(expect(call("status", Integer.class, id), 3))
                        .then(release(id)));
            case CALL_FOR_FUTURE:
                return random.nextInt(4) == 0
                        ? expectError(runtime.callForFuture("create", "java.fail", "[]"),
                                e -> e instanceof TaskFailedException && e.getCause() instanceof InjectedFailure)
                        : expect(runtime.callForFuture("create", "java.slow", "[" + ms + "]"), "slow");
            case SPAWN: {
                String[][] tasks = {{"java.ok", "[]"}, {"java.fail", "[]"}, {"echo", json}, {"boom", "[]"},
                    {"java.slow", "[" + ms + "]"}};
                String[] task = tasks[random.nextInt(tasks.length)];
                return expectThat(call("spawn", Integer.class, task[0], task[1]), id -> id > 0);
            }
            case FIRE:
                return call("fire", Void.class, random.nextBoolean() ? "java.ok" : "boom", "[]").thenReturn(Outcome.OK);
            case GUEST_CANCEL:
                return call("create", Integer.class, "java.never", "[]").flatMap(id ->
                        expect(call("cancel", Integer.class, id), 1)
                                .then(expect(call("status", Integer.class, id), 3))
                                .then(expectThat(call("error", String.class, id), v -> v.contains("was cancelled")))
                                .then(release(id)));
            case CANCEL_CALL:
                return cancelled(random, text, json, ms);
            case BAD_ID: {
                long id = (1L << 30) + random.nextInt(1 << 30); // never issued in any run of this test
                return random.nextBoolean()
                        ? expect(call("status", Integer.class, id), -1)
                        : expectError(call("result", String.class, id),
                                e -> e instanceof UnknownFutureException && ((UnknownFutureException) e).futureId() == id);
            }
            case BAD_TASK:
                return expectError(call("create", Integer.class, "no.such.task", "[]"),
                        e -> e instanceof UnknownTaskException && e.getMessage().contains("'no.such.task'"));
            case DEADLINE:
                return timeout(call("spin", Void.class),
                        e -> e instanceof CleanTimeoutException && ((CleanTimeoutException) e).export().equals("spin"));
            case LATER_SPIN: // the caller's deadline is armed first, so it fires first: the caller times out
                return timeout(call("later", String.class, "spin", "[]"),
                        e -> e instanceof CleanTimeoutException && ((CleanTimeoutException) e).export().equals("later"));
            case STUCK: // deadlock detected, or (other calls running, which might settle it) the deadline
                return timeout(call("stuck", String.class),
                        e -> e instanceof DeadlockException || e instanceof CleanTimeoutException);
            default:
                throw new AssertionError(op);
        }
    }

    /** An operation cancelled after a random 0-20 ms: the natural outcome if it finished first, else CANCELLED. */
    private Mono<Outcome> cancelled(Random random, String text, String json, long ms) {
        Mono<Outcome> work;
        switch (random.nextInt(7)) {
            case 0:
                work = expect(call("run", String.class, "java.slow", "[" + ms + "]"), "slow");
                break;
            case 1:
                work = call("later", Void.class, "nap", "[" + ms + "]").thenReturn(Outcome.OK);
                break;
            case 2:
                work = expect(call("run", String.class, "java.never", "[]"), "never");
                break;
            case 3:
                work = expect(runtime.callForFuture("create", "java.slow", "[" + ms + "]"), "slow");
                break;
            case 4:
                work = call("spin", Void.class).thenReturn(Outcome.OK);
                break;
            case 5:
                work = expect(call("later", String.class, "echo", json), text);
                break;
            default:
                work = expect(call("run", String.class, "echo", json), text);
        }
        return work.timeout(Duration.ofMillis(random.nextInt(21)), Mono.just(Outcome.CANCELLED))
                .contextWrite(cancelRaceHooks(cancelRaces));
    }

    // Reactor's context-local hooks (Hooks.KEY_ON_NEXT_DROPPED etc., package-private in reactor-core, so spelled
    // out here; probeLocalHooks() fails loudly should they change). Inside an operation the soak cancels, a value or
    // error the operation produces at the very instant it is cancelled is dropped by design (the subscriber asked
    // for nothing more): such drops are counted, not failed. Anywhere else the global hooks fail the test.
    private static final String LOCAL_NEXT_DROPPED = "reactor.onNextDropped.local";
    private static final String LOCAL_ERROR_DROPPED = "reactor.onErrorDropped.local";
    private static final String LOCAL_OPERATOR_ERROR = "reactor.onOperatorError.local";

    private static Context cancelRaceHooks(LongAdder counter) {
        Consumer<Object> next = v -> counter.increment();
        Consumer<Throwable> error = e -> counter.increment();
        BiFunction<Throwable, Object, Throwable> operatorError = (e, data) -> {
            counter.increment();
            return e;
        };
        return Context.of(LOCAL_NEXT_DROPPED, next, LOCAL_ERROR_DROPPED, error, LOCAL_OPERATOR_ERROR, operatorError);
    }

    private static void probeLocalHooks() {
        LongAdder probe = new LongAdder();
        Context context = cancelRaceHooks(probe);
        Operators.onNextDropped("probe", context);
        Operators.onErrorDropped(new IllegalStateException("probe"), context);
        Operators.onOperatorError(new IllegalStateException("probe"), context);
        assertEquals(3, probe.sum(), "Reactor no longer honours the context-local drop hooks this test relies on");
    }

    private <T> Mono<T> call(String export, Class<T> type, Object... args) {
        return runtime.call(export, type, args);
    }

    private Mono<Long> newFuture() {
        return call("newFuture", Long.class);
    }

    private Mono<Outcome> release(long id) {
        return call("release", Void.class, id).thenReturn(Outcome.OK);
    }

    private static <T> Mono<Outcome> expect(Mono<T> mono, T expected) {
        return expectThat(mono, expected::equals);
    }

    private static <T> Mono<Outcome> expectThat(Mono<T> mono, Predicate<T> check) {
        return mono.switchIfEmpty(Mono.error(new AssertionError("completed empty")))
                .flatMap(v -> check.test(v) ? Mono.just(Outcome.OK) : Mono.error(new AssertionError("unexpected value " + v)));
    }

    private static Mono<Outcome> expectError(Mono<?> mono, Predicate<Throwable> allowed) {
        return mono.then(Mono.<Outcome>error(new AssertionError("succeeded, but should have failed")))
                .onErrorResume(e -> !(e instanceof AssertionError) && allowed.test(e), e -> Mono.just(Outcome.EXPECTED_ERROR));
    }

    private static Mono<Outcome> timeout(Mono<?> mono, Predicate<Throwable> allowed) {
        return expectError(mono, allowed).map(o -> Outcome.TIMEOUT);
    }

    // ---- leak checks

    /** Live threads whose names say they belong to Reactor's elastic schedulers or to this library. */
    private static Map<String, Integer> threadCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t.isAlive() && (name.startsWith("boundedElastic-") || name.startsWith("clean-"))) {
                counts.merge(name.replaceAll("-\\d+$", "-*"), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static int workerThreads(Map<String, Integer> counts) {
        return counts.entrySet().stream().filter(e -> !SINGLETONS.contains(e.getKey())).mapToInt(Map.Entry::getValue).sum();
    }

    /** Threads (other than this one) with this library's guest-running code on their stack. */
    private static List<String> threadsInGuestCode() {
        Set<String> guestFrames = Set.of("org.cleanhost.wasm.CleanInstance", "org.cleanhost.reactor.GuestRun",
                "org.cleanhost.reactor.RuntimeAsyncHost", "org.cleanhost.reactor.GuestFuture");
        List<String> busy = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread != Thread.currentThread()
                    && Arrays.stream(stack).anyMatch(frame -> guestFrames.contains(frame.getClassName()))) {
                busy.add(thread.getName() + " " + thread.getState() + " at " + Arrays.stream(stack).limit(6)
                        .map(StackTraceElement::toString).collect(Collectors.joining(" < ")));
            }
        });
        return busy;
    }

    /** The futures the runtime still holds, among the ids it published (a diagnostic for a failed leak check). */
    private static List<String> trackedFutures(CleanRuntime runtime, Set<Long> ids) {
        return ids.stream()
                .filter(id -> {
                    java.util.concurrent.atomic.AtomicBoolean unknown = new java.util.concurrent.atomic.AtomicBoolean();
                    runtime.future(id).subscribe(v -> {}, e -> unknown.set(e instanceof UnknownFutureException)).dispose();
                    return !unknown.get();
                })
                .limit(10)
                .map(id -> "#" + id)
                .collect(Collectors.toList());
    }

    /** Waits (bounded) until no live thread's name starts with {@code prefix}; returns how many are left. */
    private static int awaitNoThreads(String prefix) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            int left = (int) Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
            if (left == 0 || System.nanoTime() > deadline) {
                return left;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e));
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            text.append(" <- ").append(cause);
        }
        if (e instanceof CleanInterruptedException) {
            text.append(" (an interrupt reached a call nobody cancelled)");
        }
        return text.toString();
    }

    private static List<Object> firstFew(Queue<?> queue) {
        return queue.stream().limit(10).collect(Collectors.toList());
    }

    private String tallyText() {
        StringBuilder text = new StringBuilder();
        tally.forEach((op, byOutcome) -> {
            text.append(op).append('{');
            text.append(byOutcome.entrySet().stream().filter(e -> e.getValue().sum() > 0)
                    .map(e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT) + "=" + e.getValue().sum())
                    .collect(Collectors.joining(",")));
            text.append("} ");
        });
        return text.toString().trim();
    }
}

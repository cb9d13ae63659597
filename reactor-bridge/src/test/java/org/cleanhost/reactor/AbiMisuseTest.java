package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.cleanhost.wasm.CleanAbiException;
import org.cleanhost.wasm.CleanBusyException;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanTrapException;
import org.cleanhost.wasm.ExecutionMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * A guest that misuses the ID ABI (abi_abuse.wat: one export per ABI call, ids and task names passed in
 * from Java). Every misuse ends the same way: the Java caller gets a typed {@link CleanException} whose
 * message names the import and the bad value, and the next ordinary call on the same runtime succeeds
 * ({@link #stillServes()}); {@link RuntimeTestSupport} then checks nothing leaked.
 */
class AbiMisuseTest extends RuntimeTestSupport {
    static final String GUEST = "abi_abuse";
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final int MAX_PENDING = 8;

    /** Keeps the "gate" Java function pending until the test opens it. */
    private final Sinks.Empty<Void> gate = Sinks.empty();
    private CleanRuntime runtime;

    @BeforeEach
    void build() {
        runtime = track(runtime(ExecutionMode.COMPILED));
    }

    private CleanRuntime runtime(ExecutionMode mode) {
        return CleanRuntime.builder(Guests.module(GUEST, mode)).console(console).poolSize(2)
                .deadline(DEADLINE)
                .maxPendingFutures(MAX_PENDING)
                .function("instant", args -> Mono.just("now"))
                .function("failing", args -> Mono.error(new IllegalStateException("card declined")))
                .function("gate", args -> gate.asMono())
                .function("slow", args -> Mono.delay(Duration.ofMillis(300)).thenReturn("slow"))
                .build();
    }

    // ---- helpers

    private <T> T value(String export, Class<T> type, Object... args) {
        return value(runtime, export, type, args);
    }

    private static <T> T value(CleanRuntime runtime, String export, Class<T> type, Object... args) {
        AtomicReference<T> value = new AtomicReference<>();
        if (type == Void.class) {
            StepVerifier.create(runtime.call(export, type, args)).expectComplete().verify(VERIFY);
            return null;
        }
        StepVerifier.create(runtime.call(export, type, args))
                .consumeNextWith(value::set)
                .expectComplete()
                .verify(VERIFY);
        return value.get();
    }

    private Throwable failure(String export, Object... args) {
        return failure(runtime, export, args);
    }

    private static Throwable failure(CleanRuntime runtime, String export, Object... args) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        StepVerifier.create(runtime.call(export, Void.class, args))
                .expectErrorSatisfies(error::set)
                .verify(VERIFY);
        return error.get();
    }

    private void stillServes() {
        stillServes(runtime);
    }

    private static void stillServes(CleanRuntime runtime) {
        assertEquals("hello", value(runtime, "hello", String.class), "a normal call right afterwards succeeds");
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message lacks '" + part + "': " + e.getMessage());
        }
    }

    private long newFuture() {
        return value("newFuture", Integer.class);
    }

    // ---- ids that are not (or no longer) the guest's

    /** Ways a guest comes to hold an id the host does not know. */
    enum BadId {
        NEVER_ISSUED(t -> 987_654),
        NEGATIVE(t -> -5),
        ZERO(t -> 0),
        INT_MAX(t -> Integer.MAX_VALUE),
        /** a future_new the guest resolved and released; using it again is use-after-release */
        RELEASED(t -> {
            long id = t.newFuture();
            assertEquals(1, t.value("resolve", Integer.class, id, "v"));
            t.value("release", Void.class, id);
            return id;
        }),
        /** a create_future task that settled and was released */
        RELEASED_TASK(t -> {
            long id = t.value("create", Integer.class, "instant", "[]");
            t.value("release", Void.class, id);
            return id;
        }),
        /** a spawn_task id: background ids are released by the host as soon as they settle */
        BACKGROUND(t -> t.value("spawn", Integer.class, "instant", "[]")),
        /** a future_new whose call trapped: the host cancelled and forgot it */
        ABANDONED(t -> {
            assertInstanceOf(CleanTrapException.class, t.failure("leak"));
            return Long.parseLong(t.console.out().trim());
        });

        final ToLongFunction<AbiMisuseTest> make;

        BadId(ToLongFunction<AbiMisuseTest> make) {
            this.make = make;
        }
    }

    /** Every ID import that takes an id, as the export that calls it and the extra arguments it needs. */
    static Stream<Arguments> importsTakingAnId() {
        List<Arguments> all = new ArrayList<>();
        Object[][] imports = {
            {"env.get_result", "result", new Object[0]},
            {"env.future_error", "error", new Object[0]},
            {"env.cancel_future", "cancel", new Object[0]},
            {"env.release_future", "release", new Object[0]},
            {"env.resolve_future", "resolve", new Object[] {"value"}},
            {"env.reject_future", "reject", new Object[] {"reason"}},
        };
        for (Object[] imp : imports) {
            for (BadId id : BadId.values()) {
                all.add(Arguments.of(imp[0], id, imp[1], imp[2]));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} on a {1} id")
    @MethodSource("importsTakingAnId")
    void anIdTheHostDoesNotKnowFailsTheCallWithUnknownFutureExceptionNamingImportAndId(
            String importName, BadId kind, String export, Object[] extra) {
        long id = kind.make.applyAsLong(this);
        Object[] args = new Object[1 + extra.length];
        args[0] = id;
        System.arraycopy(extra, 0, args, 1, extra.length);

        Throwable e = failure(export, args);

        UnknownFutureException unknown = assertInstanceOf(UnknownFutureException.class, e);
        assertEquals(id, unknown.futureId(), e::getMessage);
        assertMessage(e, importName + ": unknown future id " + id);
        stillServes();
        assertEquals(0, idleStats(runtime).futuresTracked(), "nothing is left behind");
    }

    @ParameterizedTest(name = "a {0} id")
    @EnumSource(BadId.class)
    void futureStatusOfAnIdTheHostDoesNotKnowIsMinusOne(BadId kind) {
        long id = kind.make.applyAsLong(this);
        assertEquals(-1, value("status", Integer.class, id), "env.future_status never fails the call");
        StepVerifier.create(runtime.future(id)).expectError(UnknownFutureException.class).verify(VERIFY);
        stillServes();
    }

    @Test
    void aReleasedIdStaysUnknownAndTheNextIssuedIdIsNew() {
        long first = newFuture();
        assertEquals(1, value("reject", Integer.class, first, "done with it"));
        value("release", Void.class, first);
        long second = newFuture();
        assertTrue(second != first, "ids are not reused: " + first + ", " + second);
        assertEquals(0, value("status", Integer.class, second));
        assertEquals(-1, value("status", Integer.class, first), "releasing the id again does not revive it");
        assertEquals(1, value("resolve", Integer.class, second, "v"));
        value("release", Void.class, second);
        stillServes();
    }

    // ---- settling twice, settling what is not the guest's, cancelling what has settled

    @Test
    void aGuestOwnedFutureSettlesOnceLaterResolveRejectAndCancelReturnZero() {
        long resolved = newFuture();
        assertEquals(1, value("resolve", Integer.class, resolved, "first"));
        assertEquals(0, value("resolve", Integer.class, resolved, "second"), "double resolve");
        assertEquals(0, value("reject", Integer.class, resolved, "too late"), "reject after resolve");
        assertEquals(0, value("cancel", Integer.class, resolved), "cancel after resolve");
        assertEquals(1, value("status", Integer.class, resolved));
        assertEquals("first", value("result", String.class, resolved));
        assertEquals("<none>", value("error", String.class, resolved));
        StepVerifier.create(runtime.future(resolved)).expectNext("first").expectComplete().verify(VERIFY);

        long rejected = newFuture();
        assertEquals(1, value("reject", Integer.class, rejected, "card declined"));
        assertEquals(0, value("reject", Integer.class, rejected, "again"), "double reject");
        assertEquals(0, value("resolve", Integer.class, rejected, "too late"), "resolve after reject");
        assertEquals(0, value("cancel", Integer.class, rejected), "cancel after reject");
        assertEquals(2, value("status", Integer.class, rejected));
        assertEquals("<none>", value("result", String.class, rejected), "get_result gives 0 for a failed future");
        assertEquals("card declined", value("error", String.class, rejected));

        value("release", Void.class, resolved);
        value("release", Void.class, rejected);
        RuntimeStats stats = idleStats(runtime);
        assertEquals(1, stats.futuresResolved(), stats::toString);
        assertEquals(1, stats.futuresFailed(), stats::toString);
        assertEquals(0, stats.futuresTracked(), stats::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"resolve", "reject"})
    void settlingAFutureThatRunsATaskIsATypedErrorNamingTheImportTheIdAndTheTask(String export) {
        long id = value("create", Integer.class, "gate", "[]");

        Throwable e = failure(export, id, "forged");

        CleanAbiException error = assertInstanceOf(CleanAbiException.class, e);
        assertMessage(error, "env." + export + "_future: future " + id, "'gate'", "only futures from future_new");
        assertEquals("env." + export + "_future", error.where());
        assertEquals(0, value("status", Integer.class, id), "the task's future is untouched: still pending");
        stillServes();
        gate.tryEmitEmpty();
        assertEquals("", value("result", String.class, id), "it settles with the task's own (empty) value");
        value("release", Void.class, id);
    }

    @Test
    void cancelAfterCompletionReturnsZeroAndLeavesTheOutcome() {
        long done = value("create", Integer.class, "instant", "[]");
        long failed = value("create", Integer.class, "failing", "[]");
        long task = value("create", Integer.class, "echo", "[\"x\"]");
        assertEquals("x", value("result", String.class, task), "awaited: the guest task has finished");

        assertEquals(0, value("cancel", Integer.class, done));
        assertEquals(0, value("cancel", Integer.class, failed));
        assertEquals(0, value("cancel", Integer.class, task));
        assertEquals(1, value("status", Integer.class, done));
        assertEquals(2, value("status", Integer.class, failed));
        assertEquals(1, value("status", Integer.class, task));
        assertEquals("now", value("result", String.class, done));
        assertMessage(new RuntimeException(value("error", String.class, failed)), "'failing'", "card declined");

        long pending = value("create", Integer.class, "gate", "[]");
        assertEquals(1, value("cancel", Integer.class, pending), "pending: cancelled now");
        assertEquals(0, value("cancel", Integer.class, pending), "a second cancel is a no-op");
        assertEquals(3, value("status", Integer.class, pending));
        assertEquals("<none>", value("result", String.class, pending), "get_result gives 0 for a cancelled future");
        assertMessage(new RuntimeException(value("error", String.class, pending)), "cancelled");

        for (long id : new long[] {done, failed, task, pending}) {
            value("release", Void.class, id);
        }
        RuntimeStats stats = idleStats(runtime);
        assertEquals(0, stats.futuresTracked(), stats::toString);
        assertEquals(1, stats.futuresCancelled(), stats::toString);
    }

    // ---- runaway tasks

    @Test
    void aTaskSpawningTasksWithoutBoundHitsMaxPendingFuturesAndItsAwaiterGetsTheBusyError() {
        // later x = start flood(): flood spawns gate() in a loop; the await's own future is the first pending
        Throwable e = failure("later", "flood", "[]");

        TaskFailedException failed = assertInstanceOf(TaskFailedException.class, e);
        assertEquals("flood", failed.task());
        CleanBusyException busy = assertInstanceOf(CleanBusyException.class, failed.getCause());
        assertMessage(busy, "env.spawn_task: " + MAX_PENDING + " futures are already pending", "maxPendingFutures");
        assertEquals(MAX_PENDING - 1, runtime.stats().futuresPending(), "the spawned tasks are still waiting at the gate");

        Throwable direct = failure("flood");
        assertMessage(assertInstanceOf(CleanBusyException.class, direct), "env.spawn_task", "maxPendingFutures");

        gate.tryEmitEmpty(); // the background work already started runs to completion
        RuntimeStats stats = idleStats(runtime);
        assertEquals(0, stats.futuresPending(), stats::toString);
        assertEquals(0, stats.futuresTracked(), stats::toString);
        stillServes();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ExecutionMode.class)
    void deepRecursionInATaskIsTaskFailedExceptionCausedByATrap(ExecutionMode mode) {
        CleanRuntime runtime = mode == ExecutionMode.COMPILED ? this.runtime : track(runtime(mode));

        Throwable e = failure(runtime, "later", "recurse", "[0]");

        TaskFailedException failed = assertInstanceOf(TaskFailedException.class, e);
        assertEquals("recurse", failed.task());
        CleanTrapException trap = assertInstanceOf(CleanTrapException.class, failed.getCause());
        assertEquals("recurse", trap.export());
        assertMessage(failed, "task 'recurse'", "guest trapped in export 'recurse'");

        // with the ID ABI the guest sees the failure itself, and the call succeeds
        String seen = value(runtime, "run", String.class, "recurse", "[0]");
        assertTrue(seen.startsWith("failed: task 'recurse'"), seen);
        stillServes(runtime);
        RuntimeStats stats = idleStats(runtime);
        assertEquals(2, stats.futuresFailed(), stats::toString);
        assertTrue(stats.instancesDiscarded() >= 2, "trapped instances are discarded: " + stats);
    }

    // ---- waits nothing can end

    @Test
    void awaitingAGuestOwnedFutureFromAnEarlierCallFailsFastAndTheFutureStaysUsable() {
        long id = newFuture(); // the call that made it returned normally: it stays the guest's

        Duration took = StepVerifier.create(runtime.call("result", String.class, id))
                .expectErrorSatisfies(e -> assertMessage(assertInstanceOf(DeadlockException.class, e),
                        "future " + id, "guest-owned", "deadlock"))
                .verify(VERIFY);
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "fails fast, far from the " + DEADLINE + " deadline: " + took);

        assertEquals(0, value("status", Integer.class, id), "not this call's future: still pending");
        assertEquals(1, value("resolve", Integer.class, id, "late"));
        assertEquals("late", value("result", String.class, id));
        value("release", Void.class, id);
        stillServes();
    }

    @Test
    void twoGuestsEachAwaitingTheirOwnFutureBothFailFastWithDeadlockException() {
        long start = System.nanoTime();
        StepVerifier.create(Mono.zip(runtime.call("stuck", String.class).materialize(),
                        runtime.call("stuck", String.class).materialize()))
                .assertNext(both -> {
                    assertInstanceOf(DeadlockException.class, both.getT1().getThrowable());
                    assertInstanceOf(DeadlockException.class, both.getT2().getThrowable());
                })
                .expectComplete()
                .verify(VERIFY);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "fails fast, far from the " + DEADLINE + " deadline: " + took);
        stillServes();
        RuntimeStats stats = idleStats(runtime);
        assertEquals(2, stats.futuresCancelled(), "the failed calls' futures are cancelled: " + stats);
        assertEquals(0, stats.futuresTracked(), stats::toString);
    }

    @Test
    void aDeadlockIsStillDetectedOnceUnrelatedJavaWorkInFlightHasFinished() {
        // background slow(): 300 ms of Java work in flight, which could settle anything, so the waiting guest
        // must not be declared deadlocked while it runs, but must be once it is gone
        value("spawn", Integer.class, "slow", "[]");

        Duration took = StepVerifier.create(runtime.call("stuck", String.class))
                .expectError(DeadlockException.class)
                .verify(VERIFY);

        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "detected after the Java work, not at the deadline: " + took);
        stillServes();
    }

    // ---- task names and arguments

    /** The import each task-starting export of abi_abuse.wat calls. */
    private static String importOf(String export) {
        switch (export) {
            case "later":
                return "env._async_await";
            case "fire":
                return "env._async_fire";
            case "spawn":
                return "env.spawn_task";
            default:
                return "env.create_future"; // create, run
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"create", "spawn", "later", "run", "fire"})
    void anEmptyTaskNameIsRejected(String export) {
        Throwable e = failure(export, "", "[]");
        CleanAbiException abi = assertInstanceOf(CleanAbiException.class, e);
        assertMessage(abi, importOf(export) + ": empty task name");
        assertEquals(importOf(export), abi.where());
        stillServes();
        assertEquals(0, idleStats(runtime).futuresCreated(), "nothing was started");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"create", "spawn", "later", "run", "fire"})
    void anUnknownTaskNameIsUnknownTaskExceptionNamingIt(String export) {
        Throwable e = failure(export, "payments.charge", "[]");
        assertMessage(assertInstanceOf(UnknownTaskException.class, e),
                importOf(export) + ": no Java function and no guest export named 'payments.charge'");
        stillServes();
        assertEquals(0, idleStats(runtime).futuresCreated(), "nothing was started");
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of("echo", "[\"unterminated", "task arguments are not JSON: [\"unterminated"),
                Arguments.of("echo", "[1,", "task arguments are not JSON: [1,"),
                Arguments.of("echo", "{\"s\":\"x\"}", "task arguments are not a JSON array: {\"s\":\"x\"}"),
                Arguments.of("echo", "\"x\"", "task arguments are not a JSON array: \"x\""),
                Arguments.of("echo", "null", "task arguments are not a JSON array: null"),
                Arguments.of("echo", "[]", "task 'echo' takes 1 argument(s) but the guest passed []"),
                Arguments.of("echo", "[\"a\",\"b\"]", "task 'echo' takes 1 argument(s) but the guest passed [\"a\",\"b\"]"),
                Arguments.of("hello", "[1]", "task 'hello' takes 0 argument(s) but the guest passed [1]"),
                Arguments.of("instant", "[1,", "task arguments are not JSON"));
    }

    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("badArguments")
    void malformedArgumentsFailTheCallNamingTheImportAndTheJson(String task, String args, String expected) {
        for (String export : new String[] {"create", "spawn", "later", "fire"}) {
            Throwable e = failure(export, task, args);
            CleanAbiException abi = assertInstanceOf(CleanAbiException.class, e);
            assertMessage(abi, importOf(export) + ": ", expected);
            assertEquals(importOf(export), abi.where());
        }
        stillServes();
        assertEquals(0, idleStats(runtime).futuresCreated(), "nothing was started");
    }

    @Test
    void anArgumentOfTheWrongTypeFailsTheTaskNotTheHost() {
        // nap takes an i64; a JSON string cannot become one
        Throwable e = failure("later", "nap", "[\"soon\"]");
        TaskFailedException failed = assertInstanceOf(TaskFailedException.class, e);
        assertMessage(assertInstanceOf(org.cleanhost.wasm.CleanArgumentException.class, failed.getCause()),
                "argument 0 of export 'nap' is declared i64 but got String soon");
        stillServes();
    }

    @Test
    void aFutureLeakedByACallThatTrappedIsCancelledAndForgotten() {
        assertInstanceOf(CleanTrapException.class, failure("leak"));
        long id = Long.parseLong(console.out().trim()); // leak() printed it before trapping
        RuntimeStats stats = idleStats(runtime);
        assertEquals(1, stats.futuresCancelled(), stats::toString);
        assertEquals(0, stats.futuresTracked(), stats::toString);
        assertEquals(-1, value("status", Integer.class, id));
        stillServes();
    }
}

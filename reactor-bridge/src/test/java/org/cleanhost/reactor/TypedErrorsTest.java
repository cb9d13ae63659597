package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.cleanhost.wasm.CleanArgumentException;
import org.cleanhost.wasm.CleanBusyException;
import org.cleanhost.wasm.CleanException;
import org.cleanhost.wasm.CleanLinkException;
import org.cleanhost.wasm.CleanTrapException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Every failure reaches Java typed, and the runtime keeps serving afterwards. */
class TypedErrorsTest extends RuntimeTestSupport {

    private CleanRuntime runtime(String guest, int poolSize) {
        return track(CleanRuntime.builder(Guests.module(guest)).console(console).poolSize(poolSize)
                .deadline(Duration.ofSeconds(10)).build());
    }

    private void stillServes(CleanRuntime runtime) {
        assertStillServes(runtime);
    }

    @ParameterizedTest(name = "poolSize {0}")
    @ValueSource(ints = {1, 2})
    void aTrapInAnAwaitedTaskFailsTheCallWithTaskFailedExceptionCausedByTheTrap(int poolSize) {
        CleanRuntime runtime = runtime(Guests.CLN033, poolSize); // 1: the task runs re-entrantly on the caller's instance

        StepVerifier.create(runtime.call("laterCrash", String.class))
                .expectErrorSatisfies(e -> {
                    TaskFailedException failed = assertInstanceOf(TaskFailedException.class, e);
                    assertEquals("brokenTask", failed.task());
                    CleanTrapException trap = assertInstanceOf(CleanTrapException.class, failed.getCause());
                    assertEquals("brokenTask", trap.export());
                    assertTrue(trap.getMessage().toLowerCase().contains("divide by zero"), trap.getMessage());
                })
                .verify(VERIFY);

        stillServes(runtime);
        RuntimeStats stats = idleStats(runtime);
        assertEquals(1, stats.futuresFailed(), stats::toString);
        assertTrue(stats.instancesDiscarded() >= 1, "a trapped instance is never reused: " + stats);
    }

    @Test
    void aTrapInACallIsACleanTrapException() {
        CleanRuntime runtime = runtime(Guests.CLN033, 2);
        StepVerifier.create(runtime.call("brokenTask", String.class))
                .expectErrorSatisfies(e -> assertEquals("brokenTask", assertInstanceOf(CleanTrapException.class, e).export()))
                .verify(VERIFY);
        stillServes(runtime);
        awaitStats(runtime, s -> s.instancesDiscarded() == 1, "the trapped instance is discarded");
    }

    @Test
    void withTheIdAbiTheGuestReadsTheFailureItself() {
        CleanRuntime runtime = runtime(Guests.IDS, 2);
        StepVerifier.create(runtime.call("taskFailure", String.class))
                .assertNext(text -> {
                    assertTrue(text.startsWith("failed: "), text);
                    assertTrue(text.contains("brokenTask"), text);
                })
                .expectComplete()
                .verify(VERIFY);
        assertEquals(0, idleStats(runtime).futuresTracked());
    }

    @Test
    void anUnknownTaskNameIsAnUnknownTaskException() {
        CleanRuntime runtime = runtime(Guests.CLN033, 2);
        StepVerifier.create(runtime.call("laterUnknown", String.class))
                .expectErrorSatisfies(e -> {
                    UnknownTaskException unknown = assertInstanceOf(UnknownTaskException.class, e);
                    assertTrue(unknown.getMessage().contains("'payments.charge'"), unknown.getMessage());
                })
                .verify(VERIFY);
        stillServes(runtime);
        assertEquals(0, idleStats(runtime).futuresCreated(), "nothing was started");
    }

    @Test
    void cln033DropsAsyncArgumentsSoATaskTakingParametersFailsClearly() {
        // later x = start echo("hi"): cln 0.33 passes "[]", echo(string) needs one argument
        CleanRuntime runtime = runtime(Guests.CLN033, 2);
        StepVerifier.create(runtime.call("laterEcho", String.class))
                .expectErrorSatisfies(e -> {
                    CleanException error = assertInstanceOf(CleanException.class, e);
                    assertTrue(error.getMessage().contains("'echo'"), error.getMessage());
                    assertTrue(error.getMessage().contains("drops the arguments"), error.getMessage());
                })
                .verify(VERIFY);
        stillServes(runtime);
    }

    @Test
    void aModuleImportingAnUnknownFunctionFailsAtBuildWithCleanLinkException() {
        CleanRuntime.Builder builder = CleanRuntime.builder(Guests.module(Guests.LINK_ERROR)).console(console);
        CleanLinkException e = assertThrows(CleanLinkException.class, builder::build);
        assertEquals(1, e.problems().size(), e.problems()::toString);
        CleanLinkException.Problem problem = e.problems().get(0);
        assertEquals("env", problem.module());
        assertEquals("send_email", problem.name());
        assertTrue(e.getMessage().contains("send_email"), e.getMessage());
    }

    @Test
    void callingAnExportThatDoesNotExistFailsTheMono() {
        CleanRuntime runtime = runtime(Guests.CLN033, 2);
        StepVerifier.create(runtime.call("noSuchExport", String.class))
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(CleanArgumentException.class, e);
                    assertEquals("module exports no function 'noSuchExport'", e.getMessage());
                })
                .verify(VERIFY);
        stillServes(runtime);
    }

    @Test
    void startingMoreThanMaxPendingFuturesIsCleanBusyException() {
        Sinks.Empty<Void> gate = Sinks.empty();
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(Guests.CLN033)).console(console).poolSize(2)
                .maxPendingFutures(3)
                .function("tick", args -> gate.asMono()) // pending until the test opens the gate
                .build());

        // burst() fires tick eight times; the fourth finds three pending
        StepVerifier.create(runtime.call("burst", Void.class))
                .expectErrorSatisfies(e -> assertTrue(assertInstanceOf(CleanBusyException.class, e).getMessage()
                        .contains("maxPendingFutures"), e.getMessage()))
                .verify(VERIFY);
        assertEquals(3, runtime.stats().futuresPending());

        gate.tryEmitEmpty();
        RuntimeStats stats = idleStats(runtime);
        assertEquals(3, stats.futuresResolved(), "background work already started runs on: " + stats);
        stillServes(runtime);
    }
}

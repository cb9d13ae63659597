package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/**
 * Base of the runtime tests: every runtime a test builds goes through {@link #track}. After each test that
 * passed, every one must become idle ({@link CleanRuntime#whenIdle()}) and then show no active guest run
 * and no pending future (no leaks); every runtime is disposed either way.
 */
abstract class RuntimeTestSupport {
    /** Upper bound for any StepVerifier; tests that pass take milliseconds. */
    static final Duration VERIFY = Duration.ofSeconds(10);
    /** Upper bound for effects that settle asynchronously (discarding an instance, settling a future). */
    static final Duration SETTLE = Duration.ofSeconds(3);

    final Console console = new Console();
    private final List<CleanRuntime> runtimes = new ArrayList<>();

    @RegisterExtension
    final AfterEachCallback noLeaks = context -> {
        try {
            if (context.getExecutionException().isEmpty()) { // a failed test has already said what is wrong
                for (CleanRuntime runtime : runtimes) {
                    assertNoLeaks(runtime);
                }
            }
        } finally {
            runtimes.forEach(CleanRuntime::dispose);
            runtimes.clear();
            Thread.interrupted(); // never leak an interrupt into the next test
        }
    };

    CleanRuntime track(CleanRuntime runtime) {
        runtimes.add(runtime);
        return runtime;
    }

    /** whenIdle() completes, then no guest run is active and no future is pending. */
    static void assertNoLeaks(CleanRuntime runtime) {
        RuntimeStats stats = idleStats(runtime);
        assertEquals(0, stats.guestRunsActive(), () -> "guest runs still active: " + stats);
        assertEquals(0, stats.futuresPending(), () -> "futures still pending: " + stats);
    }

    /**
     * The stats once the runtime is idle. The thread that settles a future forgets a released id and
     * publishes the outcome after it wakes the waiters, so a snapshot taken the instant a call completes
     * may lag; {@code whenIdle()} waits for that.
     */
    static RuntimeStats idleStats(CleanRuntime runtime) {
        StepVerifier.create(runtime.whenIdle()).expectComplete().verify(SETTLE);
        return runtime.stats();
    }

    /** The runtime keeps serving: a new call of the guest's {@code hello} export answers "hello". */
    static void assertStillServes(CleanRuntime runtime) {
        StepVerifier.create(runtime.call("hello", String.class)).expectNext("hello").expectComplete().verify(VERIFY);
    }

    /**
     * Subscribes a call that holds one instance of a runtime of {@link AbiMisuseTest#GUEST} with a Java
     * function "gate": its guest awaits the gate until the test opens it. Returns once the guest waits; the
     * verifier expects the call to complete with "".
     */
    static StepVerifier holdAnInstanceUntilTheGateOpens(CleanRuntime runtime) {
        StepVerifier holder = StepVerifier.create(runtime.call("run", String.class, "gate", "[]"))
                .expectNext("")
                .expectComplete()
                .verifyLater();
        awaitStats(runtime, s -> s.instancesInUse() >= 1 && s.futuresPending() == 1, "the guest waits for the gate");
        return holder;
    }

    /** Polls the runtime's stats until {@code condition} holds (for effects that settle asynchronously). */
    static RuntimeStats awaitStats(CleanRuntime runtime, Predicate<RuntimeStats> condition, String what) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        RuntimeStats stats = runtime.stats();
        while (!condition.test(stats)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never reached within " + SETTLE + ": " + what + "; last stats " + stats);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            stats = runtime.stats();
        }
        return stats;
    }
}

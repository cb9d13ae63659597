package org.cleanhost.reactor;

import static org.testng.Assert.assertEquals;

import java.time.Duration;
import org.cleanhost.wasm.GuestConsole;
import reactor.test.StepVerifier;

/** Shared by the Reactive Streams TCK classes (TestNG, run by the JUnit Platform's testng-engine). */
final class TckSupport {
    /** TestEnvironment(200, 50): 200 ms default timeout, 50 ms to wait for the absence of signals. */
    static final long DEFAULT_TIMEOUT_MILLIS = 200;
    static final long NO_SIGNALS_TIMEOUT_MILLIS = 50;

    static final GuestConsole SILENT = text -> {};

    private TckSupport() {}

    /** The same leak check as RuntimeTestSupport, then dispose. */
    static void assertNoLeaksAndDispose(CleanRuntime runtime) {
        try {
            Boolean idle = runtime.whenIdle().thenReturn(true).timeout(Duration.ofSeconds(10), reactor.core.publisher.Mono.just(false)).block();
            assertEquals(idle, Boolean.TRUE, "not idle 10 s after the last test: " + runtime.stats());
            RuntimeStats stats = runtime.stats();
            assertEquals(stats.guestRunsActive(), 0, "guest runs still active: " + stats);
            assertEquals(stats.futuresPending(), 0, "futures still pending: " + stats);
        } finally {
            runtime.dispose();
        }
    }
}

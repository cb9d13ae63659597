package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.cleanhost.wasm.CleanMemoryException;
import org.cleanhost.wasm.ExecutionMode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/**
 * An {@link OutOfMemoryError} caused by guest work (creating an instance whose memory the heap cannot hold,
 * {@code memory.grow} towards the cap) fails that call with a typed {@link CleanMemoryException}; the pool's
 * worker, the timer and the runtime keep serving. Runs in its own JVM with a small heap (the reactor-bridge
 * pom's {@code low-memory} Surefire execution) so the allocation really fails; skipped in a bigger JVM.
 */
class OutOfMemoryContainmentTest extends RuntimeTestSupport {
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @BeforeAll
    static void onlyInASmallHeap() {
        long max = Runtime.getRuntime().maxMemory();
        Assumptions.assumeTrue(max < 256L << 20,
                "needs a JVM heap under 256 MiB (the low-memory Surefire execution); this one has " + (max >> 20) + " MiB");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ExecutionMode.class)
    void anInstanceTooBigForTheHeapFailsTheCallTyped(ExecutionMode mode) {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module("huge_memory", mode)).console(console)
                .poolSize(1).maxMemoryPages(32767).build());
        for (int attempt = 0; attempt < 3; attempt++) { // the worker survives: it answers every time
            StepVerifier.create(runtime.call("hello", String.class))
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(CleanMemoryException.class, e);
                        assertTrue(e.getMessage().contains("memory"), e.getMessage());
                    })
                    .verify(PROMPTLY);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ExecutionMode.class)
    void growingMemoryBeyondTheHeapFailsTheCallTypedAndTheRuntimeKeepsServing(ExecutionMode mode) {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module("memory_hog", mode)).console(console)
                .poolSize(1).maxMemoryPages(32767).deadline(Duration.ofSeconds(30)).build());
        StepVerifier.create(runtime.call("grow", Integer.class, 16384)) // 1 GiB more
                .expectErrorSatisfies(e -> assertInstanceOf(CleanMemoryException.class, e, e::toString))
                .verify(PROMPTLY);
        StepVerifier.create(runtime.call("hello", String.class)).expectNext("hello").expectComplete().verify(PROMPTLY);
        StepVerifier.create(runtime.call(Duration.ofSeconds(5), "grow", Integer.class, 1)).expectNext(1).expectComplete().verify(PROMPTLY);
    }
}

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
 * An {@link OutOfMemoryError} caused by guest work (writing more memory than the heap holds, in an instance
 * declared that big or grown towards the cap) fails that call with a typed {@link CleanMemoryException}; the pool's
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
    void anInstanceTooBigForTheHeapServesUntilItWritesItsMemoryThenFailsTyped(ExecutionMode mode) {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module("huge_memory", mode)).console(console)
                .poolSize(1).maxMemoryPages(32767).build());
        // pages are allocated when first written, so a 512 MiB instance costs nothing until then
        StepVerifier.create(runtime.call("hello", String.class)).expectNext("hello").expectComplete().verify(PROMPTLY);
        for (int attempt = 0; attempt < 2; attempt++) { // the worker survives: it answers every time
            StepVerifier.create(runtime.call("touch", Void.class))
                    .expectErrorSatisfies(e -> assertInstanceOf(CleanMemoryException.class, e, e::toString))
                    .verify(PROMPTLY);
            StepVerifier.create(runtime.call("hello", String.class)).expectNext("hello").expectComplete().verify(PROMPTLY);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ExecutionMode.class)
    void growingMemoryBeyondTheHeapFailsTheCallTypedAndTheRuntimeKeepsServing(ExecutionMode mode) {
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module("memory_hog", mode)).console(console)
                .poolSize(1).maxMemoryPages(32767).deadline(Duration.ofSeconds(30))
                .recycleAfter(10_000, Long.MAX_VALUE) // keep the grown instance between the calls
                .build());
        StepVerifier.create(runtime.call("grow", Integer.class, 16384)).expectNext(1).expectComplete().verify(PROMPTLY);
        StepVerifier.create(runtime.call("grow", Integer.class, 16000)).expectNext(16385).expectComplete().verify(PROMPTLY);
        StepVerifier.create(runtime.call("touch", Void.class)) // 2 GiB written
                .expectErrorSatisfies(e -> assertInstanceOf(CleanMemoryException.class, e, e::toString))
                .verify(PROMPTLY);
        StepVerifier.create(runtime.call("hello", String.class)).expectNext("hello").expectComplete().verify(PROMPTLY);
        StepVerifier.create(runtime.call(Duration.ofSeconds(5), "grow", Integer.class, 1)).expectNext(1).expectComplete().verify(PROMPTLY);
    }
}

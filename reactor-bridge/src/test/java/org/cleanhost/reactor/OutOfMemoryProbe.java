package org.cleanhost.reactor;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.cleanhost.wasm.CleanMemoryException;
import org.cleanhost.wasm.ExecutionMode;

/**
 * Run by {@link OutOfMemoryContainmentTest} in a JVM of its own with a small heap ({@code -Xmx160m}): guest work
 * that writes more memory than the heap holds, through a {@link CleanRuntime}, in an instance declared that big
 * (huge_memory) and in one grown towards the cap (memory_hog). Prints how each call ended; exits 1 if a call
 * did not end as expected (a value, or a typed {@link CleanMemoryException}) or the runtime stopped serving.
 * In a separate JVM because a real OutOfMemoryError may land in any thread that allocates at that moment.
 */
final class OutOfMemoryProbe {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static boolean allAsExpected = true;

    private OutOfMemoryProbe() {}

    public static void main(String[] args) {
        for (ExecutionMode mode : ExecutionMode.values()) {
            try (CleanRuntime huge = CleanRuntime.builder(Guests.module("huge_memory", mode)).console(text -> {})
                    .poolSize(1).maxMemoryPages(32767).build()) {
                expect("huge " + mode + " hello", "hello", () -> huge.call("hello", String.class).block(BOUND));
                for (int attempt = 0; attempt < 2; attempt++) {
                    expectMemoryError("huge " + mode + " touch " + attempt, () -> huge.call("touch", Void.class).block(BOUND));
                    expect("huge " + mode + " hello after " + attempt, "hello", () -> huge.call("hello", String.class).block(BOUND));
                }
            }
            try (CleanRuntime hog = CleanRuntime.builder(Guests.module("memory_hog", mode)).console(text -> {})
                    .poolSize(1).maxMemoryPages(32767).deadline(BOUND)
                    .recycleAfter(10_000, Long.MAX_VALUE) // keep the grown instance between the calls
                    .build()) {
                expect("hog " + mode + " grow", 1, () -> hog.call("grow", Integer.class, 16384).block(BOUND));
                expect("hog " + mode + " grow more", 16385, () -> hog.call("grow", Integer.class, 16000).block(BOUND));
                expectMemoryError("hog " + mode + " touch", () -> hog.call("touch", Void.class).block(BOUND));
                expect("hog " + mode + " hello", "hello", () -> hog.call("hello", String.class).block(BOUND));
                expect("hog " + mode + " fresh grow", 1, () -> hog.call(Duration.ofSeconds(5), "grow", Integer.class, 1).block(BOUND));
            }
        }
        System.out.println(allAsExpected ? "still serving" : "NOT AS EXPECTED");
        System.exit(allAsExpected ? 0 : 1);
    }

    private static void expect(String what, Object expected, Callable<?> call) {
        try {
            Object value = call.call();
            boolean ok = expected.equals(value);
            allAsExpected &= ok;
            System.out.println(what + ": " + (ok ? "ok" : "UNEXPECTED value " + value));
        } catch (Throwable e) {
            allAsExpected = false;
            System.out.println(what + ": UNEXPECTED " + e);
            e.printStackTrace(System.out);
        }
    }

    private static void expectMemoryError(String what, Callable<?> call) {
        try {
            call.call();
            allAsExpected = false;
            System.out.println(what + ": UNEXPECTED success");
        } catch (CleanMemoryException e) {
            System.out.println(what + ": CleanMemoryException: " + e.getMessage());
        } catch (Throwable e) {
            allAsExpected = false;
            System.out.println(what + ": UNEXPECTED " + e);
            e.printStackTrace(System.out);
        }
    }
}

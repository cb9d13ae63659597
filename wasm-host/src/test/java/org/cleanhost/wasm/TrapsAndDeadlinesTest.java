package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Traps, runaway loops, deep recursion, interrupts and deadlines against guests/traps.wat, in both modes. */
@ParameterizedClass(name = "{0}")
@EnumSource(ExecutionMode.class)
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hung guest must not hang the build
class TrapsAndDeadlinesTest {

    private final ExecutionMode mode;
    private CleanHost host;

    TrapsAndDeadlinesTest(ExecutionMode mode) {
        this.mode = mode;
    }

    @BeforeEach
    void link() {
        host = CleanHost.builder(Guests.module("traps", mode)).console(t -> {}).build();
        Thread.interrupted();
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted(); // never leak an interrupt into the next test
    }

    @Test
    void unreachableTrapsNamingTheExport() {
        CleanInstance instance = host.newInstance();
        assertEquals(42, instance.call("answer", Integer.class));
        CleanTrapException e = assertThrows(CleanTrapException.class, () -> instance.call("boom", Void.class));
        assertEquals("boom", e.export());
        assertTrue(e.getMessage().contains("'boom'"), e.getMessage());
        assertTrue(instance.isBroken());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> instance.call("answer", Integer.class));
        assertTrue(refused.getMessage().contains("broken"), refused.getMessage());
        assertEquals(42, host.newInstance().call("answer", Integer.class));
    }

    @Test
    void deadlineStopsABrIfLoop() {
        CleanInstance instance = host.newInstance();
        long start = System.nanoTime();
        CleanTimeoutException e = assertThrows(CleanTimeoutException.class, () -> instance.call(Duration.ofMillis(200), "spin", Void.class));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 150 && tookMs < 3_000, "stopped after " + tookMs + " ms");
        assertEquals("spin", e.export());
        assertEquals(Duration.ofMillis(200), e.deadline());
        assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt is cleared");
        assertTrue(instance.isBroken());
        assertEquals(42, host.newInstance().call("answer", Integer.class));
    }

    @Test
    void defaultDeadlineAppliesToCallsWithoutOne() {
        CleanHost limited = CleanHost.builder(Guests.module("traps", mode)).defaultDeadline(Duration.ofMillis(150)).build();
        CleanInstance instance = limited.newInstance();
        assertEquals(42, instance.call("answer", Integer.class));
        CleanTimeoutException e = assertThrows(CleanTimeoutException.class, () -> instance.call("spin", Void.class));
        assertEquals(Duration.ofMillis(150), e.deadline());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void deadlineThatDoesNotFireLeavesNoInterruptBehind() throws InterruptedException {
        CleanInstance instance = host.newInstance();
        for (int i = 0; i < 50; i++) {
            assertEquals(42, instance.call(Duration.ofMillis(100), "answer", Integer.class));
        }
        Thread.sleep(200); // past every deadline: none may fire now
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(42, instance.call("answer", Integer.class));
        assertFalse(instance.isBroken());
    }

    @Test
    void deepRecursionTrapsInsteadOfOverflowingTheJavaStack() {
        CleanInstance instance = host.newInstance();
        CleanTrapException e = assertThrows(CleanTrapException.class, () -> instance.call("recurse", Integer.class, 0));
        assertEquals("recurse", e.export());
        assertTrue(instance.isBroken());
        assertEquals(42, host.newInstance().call("answer", Integer.class), "the JVM thread is fine afterwards");
    }

    @Test
    void externalInterruptWithoutDeadline() throws Exception {
        CleanInstance instance = host.newInstance();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                instance.call("spin", Void.class);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
                assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set for the interrupter's benefit");
            }
        }, "spinner-" + mode);
        thread.start();
        Thread.sleep(150);
        assertFalse(outcome.isDone(), "still spinning");
        thread.interrupt();
        Throwable t = outcome.get(5, TimeUnit.SECONDS);
        assertInstanceOf(CleanInterruptedException.class, t);
        assertTrue(t.getMessage().contains("spin"), t.getMessage());
        thread.join(5_000);
        assertTrue(instance.isBroken());
    }

    @Test
    void interruptBeforeTheCallIsReportedAsInterruption() {
        CleanInstance instance = host.newInstance();
        Thread.currentThread().interrupt();
        CleanInterruptedException e = assertThrows(CleanInterruptedException.class, () -> instance.call("spin", Void.class));
        assertTrue(e.getMessage().contains("spin"), e.getMessage());
        assertTrue(Thread.interrupted(), "the caller's interrupt is kept, not swallowed");
    }

    @Test
    void serverSleepIsCutShortByTheDeadline() {
        CleanInstance instance = host.newInstance();
        long start = System.nanoTime();
        CleanTimeoutException e = assertThrows(CleanTimeoutException.class, () -> instance.call(Duration.ofMillis(200), "nap", Void.class, 5_000L));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 2_000, "took " + tookMs + " ms instead of ~200");
        assertEquals("nap", e.export());
        assertFalse(Thread.currentThread().isInterrupted());
        assertTrue(instance.isBroken());
    }

    @Test
    void trapInsideMallocWhileMarshallingAStringIsACleanTrap() {
        CleanHost trapping = CleanHost.builder(Guests.module("malloc_trap", mode)).build();
        CleanInstance instance = trapping.newInstance();
        assertEquals(8, instance.call("add_one", Integer.class, 7));
        RuntimeException e = assertThrows(RuntimeException.class, () -> instance.call("byte_length", Integer.class, "hello"));
        assertInstanceOf(CleanTrapException.class, e, "engine exceptions never escape call(): " + e);
        assertEquals("byte_length", ((CleanTrapException) e).export());
        assertTrue(instance.isBroken());
    }
}

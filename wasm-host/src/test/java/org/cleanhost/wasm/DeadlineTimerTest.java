package org.cleanhost.wasm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The JVM-wide deadline timer keeps working whatever happens on the threads that arm it. */
class DeadlineTimerTest {

    /**
     * The failure issue 10 measured: arming a deadline at the very edge of the Java stack (a guest recursing
     * through host calls that each run a call with a deadline) overflowed inside the timer's shared queue
     * and left it corrupt, so every later arm or disarm in the JVM threw NullPointerException.
     */
    @Test
    void armingAndDisarmingAtTheEdgeOfTheStackNeverBreaksTheTimer() throws Exception {
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        AtomicInteger overflows = new AtomicInteger();
        for (int round = 0; round < 40; round++) {
            Thread diver = new Thread(null, () -> {
                try {
                    dive(0);
                } catch (StackOverflowError expected) {
                    overflows.incrementAndGet();
                } catch (Throwable e) {
                    unexpected.compareAndSet(null, e);
                }
            }, "stack-diver-" + round, 64 * 1024 + round * 4096);
            diver.start();
            diver.join(20_000);
            assertFalse(diver.isAlive(), "a thread arming deadlines is stuck inside the timer (its lock was left held)");
        }
        if (unexpected.get() != null) {
            throw new AssertionError("arming deep in the stack threw something else than StackOverflowError", unexpected.get());
        }
        assertTrue(overflows.get() > 0, "the dives never reached the edge of the stack");
        assertTheTimerStillWorks();
    }

    /** A task of the timer that throws does not stop later deadlines from firing. */
    @Test
    void aDeadlineWhoseThreadIsGoneDoesNotStopTheTimer() throws Exception {
        for (int i = 0; i < 100; i++) {
            Thread t = new Thread(() -> DeadlineTimer.arm(Duration.ofMillis(1))); // armed, never disarmed: fires on a dead thread
            t.start();
            t.join();
        }
        Thread.sleep(20);
        assertTheTimerStillWorks();
    }

    @Test
    void disarmReportsWhetherItFiredAndClearsOnlyItsOwnInterrupt() throws Exception {
        DeadlineTimer.Armed quiet = DeadlineTimer.arm(Duration.ofSeconds(30));
        assertFalse(quiet.disarm(), "a deadline that did not pass");
        assertFalse(Thread.currentThread().isInterrupted());
        assertFalse(quiet.disarm(), "disarming twice is harmless");
        deadlinesFire();
        assertFalse(Thread.currentThread().isInterrupted(), "disarm clears the interrupt its deadline caused");
    }

    private static void dive(int depth) {
        DeadlineTimer.Armed armed = DeadlineTimer.arm(Duration.ofMinutes(10));
        try {
            dive(depth + 1);
        } finally {
            armed.disarm();
        }
    }

    private static void assertTheTimerStillWorks() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), DeadlineTimerTest::deadlinesFire, "arming a deadline hung");
    }

    private static void deadlinesFire() {
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            DeadlineTimer.Armed armed = DeadlineTimer.arm(Duration.ofMillis(30));
            try {
                Thread.sleep(10_000);
                fail("the 30 ms deadline never interrupted the sleeping thread");
            } catch (InterruptedException expected) {
                // the deadline fired
            } finally {
                assertTrue(armed.disarm(), "disarm reports that the deadline fired");
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, "fired after " + millis + " ms");
        }
    }
}

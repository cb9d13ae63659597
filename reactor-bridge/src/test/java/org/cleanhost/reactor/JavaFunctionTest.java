package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.util.context.Context;

/**
 * A Java {@link Mono}-returning function started by name from the guest: ids.wat's {@code user()} is
 * {@code later user = start db.findUser(42)} (create_future with args {@code [42]}), then
 * {@code return "got " + user}.
 */
class JavaFunctionTest extends RuntimeTestSupport {

    @Test
    void theFunctionGetsTheArgumentsAndTheCallersContextAndItsValueReachesTheGuest() {
        List<List<Object>> calls = new CopyOnWriteArrayList<>();
        CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(Guests.IDS)).console(console).poolSize(2)
                .deadline(Duration.ofSeconds(10))
                .function("db.findUser", args -> Mono.deferContextual(context -> {
                    calls.add(args);
                    return Mono.just("user#" + args.get(0) + " (trace " + context.getOrDefault("trace", "none") + ")");
                }))
                .build());

        StepVerifier.create(runtime.call("user", String.class).contextWrite(Context.of("trace", "t-1")))
                .expectNext("got user#42 (trace t-1)") // the guest prefixed "got " to the Java value
                .expectComplete()
                .verify(VERIFY);
        StepVerifier.create(runtime.call("user", String.class))
                .expectNext("got user#42 (trace none)")
                .expectComplete()
                .verify(VERIFY);

        assertEquals(List.of(List.of(42L), List.of(42L)), calls, "the JSON [42] arrives as a Long");
        RuntimeStats stats = idleStats(runtime);
        assertEquals(2, stats.futuresResolved(), stats::toString);
        assertEquals(0, stats.futuresTracked(), stats::toString);
    }

    @Test
    void aSlowFunctionCompletesInVirtualTime() {
        // Its own scheduler: installing virtual time shuts the shared Schedulers down.
        Scheduler guests = Schedulers.newBoundedElastic(4, 100, "vt-guests");
        try {
            VirtualTimeScheduler vts = VirtualTimeScheduler.create();
            AtomicBoolean timerArmed = new AtomicBoolean();
            CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(Guests.IDS)).console(console).poolSize(2)
                    .scheduler(guests)
                    .function("db.findUser", args -> Mono.<String>create(sink -> {
                        // a database answering after 5 s, on the (virtual) clock
                        Disposable timer = Schedulers.parallel().schedule(() -> sink.success("slow user " + args.get(0)), 5, TimeUnit.SECONDS);
                        sink.onCancel(timer);
                        timerArmed.set(true);
                    }))
                    .build());

            Duration took = StepVerifier.withVirtualTime(() -> runtime.call("user", String.class), () -> vts, Long.MAX_VALUE)
                    .expectSubscription()
                    .then(() -> awaitTrue(timerArmed, "the function armed its timer"))
                    .expectNoEvent(Duration.ofSeconds(4))
                    .thenAwait(Duration.ofSeconds(1))
                    .expectNext("got slow user 42")
                    .expectComplete()
                    .verify(VERIFY);
            assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "5 virtual seconds took " + took);
            assertNoLeaks(runtime);
        } finally {
            guests.dispose();
        }
    }

    @Test
    void aJavaSideTimeoutCancelsTheCallAndTheJavaWorkItWasAwaiting() {
        Scheduler guests = Schedulers.newBoundedElastic(4, 100, "vt-guests");
        try {
            VirtualTimeScheduler vts = VirtualTimeScheduler.create();
            AtomicBoolean javaWorkStarted = new AtomicBoolean();
            AtomicBoolean javaWorkCancelled = new AtomicBoolean();
            CleanRuntime runtime = track(CleanRuntime.builder(Guests.module(Guests.IDS)).console(console).poolSize(2)
                    .scheduler(guests)
                    .function("never", args -> Mono.never()
                            .doOnSubscribe(s -> javaWorkStarted.set(true))
                            .doOnCancel(() -> javaWorkCancelled.set(true)))
                    .build());

            StepVerifier.withVirtualTime(() -> runtime.call("awaitJava", Integer.class).timeout(Duration.ofSeconds(2)),
                            () -> vts, Long.MAX_VALUE)
                    .expectSubscription()
                    .then(() -> console.awaitLine("awaiting never", VERIFY))
                    // the function is subscribed on the runtime's function scheduler, not inside create_future:
                    // time out only once the Java work is running, else there is nothing to cancel
                    .then(() -> awaitTrue(javaWorkStarted, "the Java work is subscribed"))
                    .thenAwait(Duration.ofSeconds(2))
                    .expectError(java.util.concurrent.TimeoutException.class)
                    .verify(VERIFY);

            // the run gives its instance back (discarded) just before it stops counting as active
            awaitStats(runtime, s -> s.instancesDiscarded() == 1 && s.guestRunsActive() == 0,
                    "the interrupted instance is discarded and its run has ended");
            // The guest that owned the future is gone (its instance discarded), so nothing can ever await
            // it: the Java work it started for itself must be cancelled, not left running.
            awaitStats(runtime, s -> s.futuresPending() == 0, "the orphaned future is settled");
            awaitTrue(javaWorkCancelled, "the Java subscription is cancelled"); // the future settles (cancelled) first, then its work is disposed
        } finally {
            guests.dispose();
        }
    }

    private static void awaitTrue(AtomicBoolean flag, String what) {
        long deadline = System.nanoTime() + VERIFY.toNanos();
        while (!flag.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}

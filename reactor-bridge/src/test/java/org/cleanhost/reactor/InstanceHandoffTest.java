package org.cleanhost.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Calls queued for the pool continue on the scheduler thread that gives their instance back, instead of
 * each waking a worker (see GuestRun). The only instance is held by a guest awaiting a Java function
 * ("gate"); calls queue behind it; once the gate opens they must all run, without another schedule().
 */
class InstanceHandoffTest extends RuntimeTestSupport {
    private static final int QUEUED = 5;

    private final Sinks.Empty<Void> gate = Sinks.empty();
    private final AtomicInteger scheduled = new AtomicInteger();
    private final Set<String> guestThreads = ConcurrentHashMap.newKeySet();
    private Scheduler workers;
    private CleanRuntime runtime;

    @BeforeEach
    void build() {
        workers = Schedulers.newBoundedElastic(4, 1000, "handoff-test");
        Scheduler counting = Schedulers.fromExecutor(task -> {
            scheduled.incrementAndGet();
            workers.schedule(() -> {
                guestThreads.add(Thread.currentThread().getName());
                task.run();
            });
        });
        runtime = track(CleanRuntime.builder(Guests.module(AbiMisuseTest.GUEST)).console(console)
                .poolSize(1)
                .warmUp(1)
                .scheduler(counting)
                .deadline(Duration.ofSeconds(10))
                .function("gate", args -> gate.asMono())
                .build());
    }

    @AfterEach
    void disposeWorkers() {
        workers.dispose();
    }

    @Test
    void queuedCallsRunOnTheThreadThatReleasedTheInstanceWithoutBeingScheduledAgain() {
        StepVerifier holder = holdAnInstanceUntilTheGateOpens(runtime);
        int schedulesBefore = scheduled.get();
        Mono<List<String>> queued = Flux.range(0, QUEUED)
                .flatMapSequential(i -> runtime.call("hello", String.class), QUEUED)
                .collectList()
                .cache();
        queued.subscribe();
        awaitStats(runtime, s -> s.guestRunsActive() == 1 + QUEUED, "the calls queue behind the holder");

        gate.tryEmitEmpty();
        holder.verify(VERIFY);
        StepVerifier.create(queued).expectNext(List.of("hello", "hello", "hello", "hello", "hello"))
                .expectComplete().verify(VERIFY);

        assertEquals(schedulesBefore, scheduled.get(), "queued calls were handed the instance, not scheduled");
        assertEquals(1, guestThreads.size(), "one worker ran the holder and every queued call: " + guestThreads);
        assertEquals(1, idleStats(runtime).instancesCreated());
    }

    @Test
    void aSubscriberThatThrowsDoesNotStrandTheCallHandedItsInstance() {
        AtomicInteger thrown = new AtomicInteger();
        runtime.call("run", String.class, "gate", "[]").subscribe(new CoreSubscriber<String>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(String value) {
                thrown.incrementAndGet();
                throw new IllegalStateException("a subscriber breaking the Reactive Streams rules");
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        awaitStats(runtime, s -> s.instancesInUse() == 1 && s.futuresPending() == 1, "the guest waits for the gate");
        StepVerifier next = StepVerifier.create(runtime.call("hello", String.class))
                .expectNext("hello").expectComplete().verifyLater();

        gate.tryEmitEmpty();
        next.verify(VERIFY);
        assertEquals(1, thrown.get());
    }

    @Test
    void aCallCancelledWhileQueuedIsSkippedAndTheNextOneRuns() {
        StepVerifier holder = holdAnInstanceUntilTheGateOpens(runtime);
        Disposable cancelled = runtime.call("hello", String.class).subscribe();
        StepVerifier next = StepVerifier.create(runtime.call("hello", String.class))
                .expectNext("hello").expectComplete().verifyLater();
        awaitStats(runtime, s -> s.guestRunsActive() == 3, "two calls queue behind the holder");
        cancelled.dispose();

        gate.tryEmitEmpty();
        holder.verify(VERIFY);
        next.verify(VERIFY);
        assertEquals(0, idleStats(runtime).instancesInUse());
    }
}
